package com.newsfeed.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;

import com.newsfeed.cache.CacheHarness.Options;
import com.newsfeed.cache.CacheHarness.Setup;
import com.newsfeed.cache.remote.KeyLayout;

/**
 * A list cache over a real Redis: what the sorted set holds, which level answers each page (and that the answer
 * is the same whichever does), writes in place, and the races a rebuild and a write can run.
 */
class ListCacheIT {

    private static final Setup BOTH = new Setup("L1 + L2", true, L2Layout.STRING, true);
    private static final long LIST = 7;

    private final List<CacheHarness> harnesses = new ArrayList<>();
    /** Closed after the harnesses: what they connect through. */
    private final List<Runnable> afterHarnesses = new ArrayList<>();

    @AfterEach
    void tearDown() {
        harnesses.forEach(CacheHarness::close);
        afterHarnesses.forEach(Runnable::run);
    }

    @Test
    void aRebuild_storesTheListAsASortedSetWithATtlAndItsMarker_andTheHeadThenAnswersWithoutRedis() {
        CacheHarness harness = harness(Options.defaults());
        FakeList source = new FakeList().range(1, 30);
        ListCache lists = harness.listCache(source);

        ListCache.CursorPage first = lists.after(LIST, null, 10);

        assertThat(first.ids()).containsExactlyElementsOf(source.all().subList(0, 10));
        assertThat(first.next()).isEqualTo(new ListEntry(21, 21_000));
        String key = KeyLayout.key(harness.prefix, "list:{id}", LIST);
        assertThat(harness.redis.type(key)).isEqualTo(DataType.ZSET);
        assertThat(harness.redis.getExpire(key, TimeUnit.MILLISECONDS)).isPositive()
                .isLessThanOrEqualTo(Duration.ofMinutes(40).toMillis());
        Set<TypedTuple<String>> stored = harness.redis.opsForZSet().rangeWithScores(key, 0, 1);
        assertThat(stored).extracting(TypedTuple::getValue).containsExactly("~all", "0000000000000000001");
        assertThat(stored.iterator().next().getScore()).isEqualTo(-1.0); // read at outbox sequence 0
        assertThat(harness.redis.opsForZSet().zCard(key)).isEqualTo(31);

        long trips = harness.roundTrips();
        ListCache.CursorPage second = lists.after(LIST, first.next(), 10);
        ListCache.NumberedPage numbered = lists.at(LIST, 20, 10);

        assertThat(second.ids()).containsExactlyElementsOf(source.all().subList(10, 20));
        assertThat(numbered.ids()).containsExactlyElementsOf(source.all().subList(20, 30));
        assertThat(numbered.total()).isEqualTo(30);
        assertThat(harness.roundTrips()).as("both pages from the head in L1").isEqualTo(trips);
        assertThat(source.rebuilds.get()).isEqualTo(1);
        assertThat(source.pageQueries.get() + source.counts.get()).isZero();
    }

    @Test
    void anEmptyList_isCachedAsItsMarkerAlone_soItCostsOneQuery() {
        CacheHarness harness = harness(Options.defaults());
        FakeList source = new FakeList();
        ListCache lists = harness.listCache(source);

        assertThat(lists.after(LIST, null, 20).ids()).isEmpty();
        lists.evictLocal(LIST);
        assertThat(lists.after(LIST, null, 20)).isEqualTo(new ListCache.CursorPage(List.of(), null));
        assertThat(lists.at(LIST, 0, 20)).isEqualTo(new ListCache.NumberedPage(List.of(), 0));

        String key = KeyLayout.key(harness.prefix, "list:{id}", LIST);
        assertThat(harness.redis.type(key)).isEqualTo(DataType.ZSET);
        assertThat(harness.redis.opsForZSet().range(key, 0, -1)).containsExactly("~all");
        assertThat(harness.redis.getExpire(key)).isPositive();
        assertThat(source.rebuilds.get()).isEqualTo(1);
        assertThat(harness.gets("l2", "hit")).isEqualTo(1);
    }

    @Test
    void pagesPastTheHeadComeFromTheSortedSet_andPastTheCapFromTheDatabase_andAddUpToTheList() {
        CacheHarness harness = harness(Options.defaults().listShape(50, 20));
        FakeList source = new FakeList().range(1, 100);
        for (long id = 101; id <= 110; id++) { // ties: ten entries of one publish time, ordered by id
            source.add(new ListEntry(id, 55_500));
        }
        ListCache lists = harness.listCache(source);

        List<Long> walked = new ArrayList<>();
        ListEntry cursor = null;
        do {
            ListCache.CursorPage page = lists.after(LIST, cursor, 7);
            walked.addAll(page.ids());
            cursor = page.next();
        } while (cursor != null);
        List<Long> numbered = new ArrayList<>();
        for (int offset = 0; offset < 120; offset += 7) {
            ListCache.NumberedPage page = lists.at(LIST, offset, 7);
            assertThat(page.total()).isEqualTo(110);
            numbered.addAll(page.ids());
        }

        assertThat(walked).containsExactlyElementsOf(source.all());
        assertThat(numbered).containsExactlyElementsOf(source.all());
        assertThat(harness.redis.opsForZSet().zCard(KeyLayout.key(harness.prefix, "list:{id}", LIST))).isEqualTo(51);
        assertThat(harness.redis.opsForZSet().range(KeyLayout.key(harness.prefix, "list:{id}", LIST), 0, 0)).containsExactly("~top");
        assertThat(harness.count("newsfeed.cache.list.pages", "source", "head")).isPositive();
        assertThat(harness.count("newsfeed.cache.list.pages", "source", "l2")).isPositive();
        assertThat(harness.count("newsfeed.cache.list.pages", "source", "database")).isPositive();
        assertThat(source.rebuilds.get()).isEqualTo(1);
    }

    @Test
    void writesChangeTheSortedSetInPlace_trimmedToTheCap_withoutARebuild() {
        CacheHarness harness = harness(Options.defaults().listShape(5, 3));
        FakeList source = new FakeList().range(1, 4);
        ListCache lists = harness.listCache(source);
        lists.after(LIST, null, 2);
        String key = KeyLayout.key(harness.prefix, "list:{id}", LIST);

        harness.inTransaction(() -> lists.addAfterCommit(LIST, new ListEntry(5, 5_000)));
        assertThat(members(harness, key)).containsExactly("~all", "1", "2", "3", "4", "5");
        harness.inTransaction(() -> lists.addAfterCommit(LIST, new ListEntry(6, 6_000)));
        assertThat(members(harness, key)).as("trimmed to the newest 5").containsExactly("~top", "2", "3", "4", "5",
                "6");
        harness.inTransaction(() -> lists.addAfterCommit(LIST, new ListEntry(9, 1_500)));
        assertThat(members(harness, key)).as("older than what a truncated list holds: the database's part")
                .containsExactly("~top", "2", "3", "4", "5", "6");
        harness.inTransaction(() -> lists.removeAfterCommit(LIST, 4));
        assertThat(members(harness, key)).containsExactly("~top", "2", "3", "5", "6");
        assertThat(harness.redis.getExpire(key)).isPositive();

        source.add(new ListEntry(5, 5_000)).add(new ListEntry(6, 6_000)).add(new ListEntry(9, 1_500)).remove(4);
        assertThat(lists.after(LIST, null, 3).ids()).containsExactlyElementsOf(source.all().subList(0, 3));
        assertThat(source.rebuilds.get()).isEqualTo(1);
        assertThat(lists.after(LIST, null, 10).ids()).as("past what the set holds: the database")
                .containsExactlyElementsOf(source.all());
    }

    @Test
    void removingTheOnlyMember_leavesAnEmptyListCached_withItsTtl() {
        CacheHarness harness = harness(Options.defaults().listShape(5, 3));
        FakeList source = new FakeList().range(1, 1);
        ListCache lists = harness.listCache(source);
        lists.after(LIST, null, 5);
        String key = KeyLayout.key(harness.prefix, "list:{id}", LIST);

        harness.inTransaction(() -> lists.removeAfterCommit(LIST, 1));
        assertThat(members(harness, key)).containsExactly("~all");
        assertThat(harness.redis.getExpire(key, TimeUnit.MILLISECONDS)).isPositive();
        for (long id = 2; id <= 7; id++) { // past the cap: the marker turns from ~all to ~top
            long added = id;
            harness.inTransaction(() -> lists.addAfterCommit(LIST, new ListEntry(added, 1000 * added)));
        }
        assertThat(members(harness, key)).containsExactly("~top", "3", "4", "5", "6", "7");
        assertThat(harness.redis.getExpire(key, TimeUnit.MILLISECONDS)).isPositive();
    }

    @Test
    void aWriteToAListCloseToItsExpiry_deletesIt_andTheNextReadRebuildsItWhole() {
        CacheHarness harness = harness(Options.defaults());
        FakeList source = new FakeList().range(1, 3);
        ListCache lists = harness.listCache(source);
        lists.after(LIST, null, 10);
        String key = KeyLayout.key(harness.prefix, "list:{id}", LIST);
        harness.redis.expire(key, Duration.ofSeconds(3));

        source.add(new ListEntry(4, 4_000));
        harness.inTransaction(() -> lists.addAfterCommit(LIST, new ListEntry(4, 4_000)));

        assertThat(harness.redis.hasKey(key)).isFalse();
        assertThat(lists.after(LIST, null, 10).ids()).containsExactly(4L, 3L, 2L, 1L);
        assertThat(source.rebuilds.get()).isEqualTo(2);
    }

    @Test
    void aChangeOlderThanTheListsLastOne_deletesIt_insteadOfUndoingANewerOne() {
        CacheHarness harness = harness(Options.defaults());
        FakeList source = new FakeList().range(1, 3);
        ListCache lists = harness.listCache(source);
        lists.after(LIST, null, 10);
        String key = KeyLayout.key(harness.prefix, "list:{id}", LIST);
        harness.inTransaction(() -> lists.removeAfterCommit(LIST, 2)); // sequence n
        long applied = -1 - harness.redis.opsForZSet().score(key, "~all").longValue();
        assertThat(applied).isPositive();

        // A writer's delivery of an earlier change (say, adding 2 before the removal) arriving only now.
        harness.deliverListChange(LIST, applied - 1, new ListEntry(2, 2_000), true);

        assertThat(harness.redis.hasKey(key)).isFalse();
    }

    @Test
    void aRebuildThatReadBeforeAWrite_isAnsweredButNotKept_andTheNextReadHasTheWrite() throws Exception {
        CacheHarness harness = harness(Options.defaults());
        FakeList source = new FakeList().range(1, 3);
        ListCache lists = harness.listCache(source);
        source.holdNextRebuild();
        CompletableFuture<ListCache.CursorPage> reader = CompletableFuture.supplyAsync(() ->
                lists.after(LIST, null, 10));
        assertThat(source.readDone.await(5, TimeUnit.SECONDS)).isTrue();

        source.add(new ListEntry(4, 4_000)); // the write commits after the rebuild read, and delivers at once
        harness.inTransaction(() -> lists.addAfterCommit(LIST, new ListEntry(4, 4_000)));
        source.open();

        // The eviction cancels the load here, so the reader may read again and see the write; either way what it
        // read before the write is not kept.
        assertThat(reader.get(5, TimeUnit.SECONDS).ids()).isIn(List.of(3L, 2L, 1L), List.of(4L, 3L, 2L, 1L));
        String key = KeyLayout.key(harness.prefix, "list:{id}", LIST);
        if (harness.redis.hasKey(key)) {
            assertThat(harness.redis.opsForZSet().score(key, "0000000000000000004")).isEqualTo(4_000.0);
        }
        assertThat(lists.after(LIST, null, 10).ids()).containsExactly(4L, 3L, 2L, 1L);
        lists.evictLocal(LIST);
        assertThat(lists.after(LIST, null, 10).ids()).as("from L2").containsExactly(4L, 3L, 2L, 1L);
    }

    /**
     * Two changes of one member commit while a rebuild stands between taking its lease and reading the list, and
     * their writer cannot reach Redis. The rebuild's marker must cover both: the first change, delivered late, must
     * not put back a member the list no longer has (the rebuild reads its sequence after its query).
     */
    @Test
    void changesCommittedBeforeARebuildRead_areNotReappliedOverIt_whenDeliveredLate() throws Exception {
        String prefix = CacheHarness.newPrefix();
        CacheHarness reader = harness(prefix, Options.defaults());
        ProxiedRedis proxy = ProxiedRedis.open(Duration.ofMillis(200));
        afterHarnesses.add(proxy::close);
        CacheHarness writer = harness(prefix, Options.defaults().connections(proxy.factory()));
        FakeList source = new FakeList().range(1, 3);
        ListCache reading = reader.listCache(source);
        ListCache writing = writer.listCache(source);
        source.holdNextRebuildBeforeRead();
        CompletableFuture<ListCache.CursorPage> rebuild = CompletableFuture.supplyAsync(() ->
                reading.after(LIST, null, 10));
        assertThat(source.aboutToRead.await(5, TimeUnit.SECONDS)).isTrue();

        proxy.reset(); // the writer's deliveries are held back: they arrive late, or through the outbox tails
        ListEntry added = new ListEntry(4, 4_000);
        writer.inTransaction(() -> {
            source.add(added);
            writing.addAfterCommit(LIST, added);
        });
        long addedAt = writer.lastSeq();
        writer.inTransaction(() -> {
            source.remove(4);
            writing.removeAfterCommit(LIST, 4);
        });
        source.open();
        assertThat(rebuild.get(5, TimeUnit.SECONDS).ids()).containsExactly(3L, 2L, 1L);

        reader.deliverListChange(LIST, addedAt, added, true); // the first change, delivered only now

        String key = KeyLayout.key(reader.prefix, "list:{id}", LIST);
        assertThat(reader.redis.opsForZSet().score(key, "0000000000000000004"))
                .as("a member removed before the rebuild read, put back by a late change").isNull();
    }

    /** A set this release cannot read (a member that is no id) is a miss answered by the database, never an error. */
    @Test
    void aSetWithAMemberThatIsNoId_isAMiss_andThePageComesFromTheDatabase() {
        CacheHarness harness = harness(Options.defaults());
        FakeList source = new FakeList().range(1, 3);
        ListCache lists = harness.listCache(source);
        String key = KeyLayout.key(harness.prefix, "list:{id}", LIST);
        harness.redis.opsForZSet().add(key, "~all", -1);
        harness.redis.opsForZSet().add(key, "not-an-id", 5_000);
        harness.redis.expire(key, Duration.ofMinutes(5));

        assertThat(lists.at(LIST, 0, 10).ids()).containsExactly(3L, 2L, 1L);
        assertThat(lists.after(LIST, null, 10).ids()).containsExactly(3L, 2L, 1L);
        assertThat(source.rebuilds.get() + source.pageQueries.get()).isPositive();
    }

    @Test
    void aChangeThroughOneInstance_dropsTheHeadTheOtherKeepsInL1() {
        String prefix = CacheHarness.newPrefix();
        CacheHarness first = harness(prefix, Options.defaults());
        CacheHarness second = harness(prefix, Options.defaults());
        FakeList source = new FakeList().range(1, 3);
        ListCache reading = first.listCache(source);
        ListCache writing = second.listCache(source);
        assertThat(reading.after(LIST, null, 10).ids()).containsExactly(3L, 2L, 1L);

        source.add(new ListEntry(4, 4_000));
        second.inTransaction(() -> writing.addAfterCommit(LIST, new ListEntry(4, 4_000)));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(reading.after(LIST, null, 10).ids()).containsExactly(4L, 3L, 2L, 1L));
        assertThat(source.rebuilds.get()).as("updated in place, read from L2").isEqualTo(1);
    }

    @Test
    void withNeitherLevel_eachPageIsOnlyTheDatabasesPageQuery() {
        CacheHarness harness = new CacheHarness(CacheHarness.newPrefix(), new Setup("no levels", false, null, true),
                Options.defaults());
        harnesses.add(harness);
        FakeList source = new FakeList().range(1, 30);
        ListCache lists = harness.listCache(source);

        ListCache.CursorPage first = lists.after(LIST, null, 10);
        ListCache.CursorPage second = lists.after(LIST, first.next(), 10);

        assertThat(first.ids()).containsExactlyElementsOf(source.all().subList(0, 10));
        assertThat(second.ids()).containsExactlyElementsOf(source.all().subList(10, 20));
        assertThat(source.lastNewestLimit).as("the page and one more, not a whole list").isEqualTo(11);
        assertThat(source.rebuilds.get() + source.pageQueries.get()).isEqualTo(2);
        assertThat(harness.redis.keys(harness.prefix + "*")).isEmpty();
    }

    private CacheHarness harness(Options options) {
        return harness(CacheHarness.newPrefix(), options);
    }

    private CacheHarness harness(String prefix, Options options) {
        CacheHarness harness = new CacheHarness(prefix, BOTH, options);
        harnesses.add(harness);
        return harness;
    }

    /** The sorted set's members, lowest score first, ids without their padding. */
    private static List<String> members(CacheHarness harness, String key) {
        return harness.redis.opsForZSet().range(key, 0, -1).stream()
                .map(member -> member.startsWith("~") ? member : Long.toString(Long.parseLong(member))).toList();
    }
}
