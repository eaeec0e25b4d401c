package com.newsfeed.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.newsfeed.store.CounterFix;
import com.newsfeed.support.TestData;
import com.newsfeed.support.TwoInstances;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Follows written through two instances at once, read back from both; the daily fix on one instance only. */
class ReaderActionsTwoInstancesIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final TwoInstances instances = new TwoInstances("newsfeed.store.counts.refresh=200ms");

    @Test
    void followLists_andTheirCounts_equalTheDatabase_afterARandomizedRunOnTwoInstances() throws Exception {
        List<Long> users = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            users.add(instances.createUser(i % 2 == 0 ? instances.a : instances.b, "Follower " + i));
        }
        users.forEach(this::readLists); // cached before the run, so that the run changes them in place
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Random random = new Random(1_000 + t);
                runs.add(CompletableFuture.runAsync(() -> randomRun(random, users, 80), pool));
            }
            for (CompletableFuture<Void> run : runs) {
                run.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        JdbcTemplate jdbc = instances.a.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM user_follows", Long.class)).as("the run followed")
                .isPositive();
        assertThat(instances.count("newsfeed.cache.list.pages", "cache", "user-followers", "source", "head"))
                .as("lists answered from the cache, changed in place").isPositive();
        for (long user : users) {
            List<Long> followers = jdbc.queryForList("SELECT user_id FROM user_follows WHERE target_id = ? "
                    + "ORDER BY created_at DESC, user_id DESC", Long.class, user);
            List<Long> followings = jdbc.queryForList("SELECT target_id FROM user_follows WHERE user_id = ? "
                    + "ORDER BY created_at DESC, target_id DESC", Long.class, user);
            for (ConfigurableApplicationContext instance : List.of(instances.a, instances.b)) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(ids(instance, "/api/users/" + user + "/followers?size=100")).isEqualTo(followers);
                    assertThat(ids(instance, "/api/users/" + user + "/followings?size=100")).isEqualTo(followings);
                    JsonNode counts = JSON.readTree(instances.get(instance, "/api/users/" + user).body())
                            .get("counts");
                    assertThat(counts.get("followers").asLong()).isEqualTo(followers.size());
                    assertThat(counts.get("followings").asLong()).isEqualTo(followings.size());
                });
            }
        }
    }

    @Test
    void theScheduledFix_startedOnBothInstancesAtOnce_runsOnOne_andNotAgainWithinLockAtLeast() throws Exception {
        JdbcTemplate jdbc = instances.a.getBean(JdbcTemplate.class);
        try {
            CompletableFuture<CounterFix.Outcome> onA = CompletableFuture.supplyAsync(
                    () -> instances.a.getBean(CounterFix.class).runScheduled());
            CompletableFuture<CounterFix.Outcome> onB = CompletableFuture.supplyAsync(
                    () -> instances.b.getBean(CounterFix.class).runScheduled());
            List<CounterFix.Outcome> outcomes = List.of(onA.get(60, TimeUnit.SECONDS), onB.get(60, TimeUnit.SECONDS));
            assertThat(outcomes).filteredOn(CounterFix.Outcome::ran).hasSize(1);
            // Held for lock-at-least: an instance whose clock runs late does not run the same day's fix again.
            assertThat(instances.b.getBean(CounterFix.class).runScheduled().ran()).isFalse();
            assertThat(instances.a.getBean(CounterFix.class).runScheduled().ran()).isFalse();
            assertThat(instances.post(instances.b, "/api/admin/store/counter-fix", "").statusCode()).isEqualTo(409);
        } finally {
            TestData.releaseLocks(jdbc);
        }
    }

    /** Follows and unfollows between random users through random instances, reading lists now and then. */
    private void randomRun(Random random, List<Long> users, int steps) {
        for (int step = 0; step < steps; step++) {
            ConfigurableApplicationContext instance = random.nextBoolean() ? instances.a : instances.b;
            long follower = users.get(random.nextInt(users.size()));
            long target = users.get(random.nextInt(users.size()));
            if (follower == target) {
                continue;
            }
            String path = "/api/user/followings/" + target;
            int status = random.nextInt(3) < 2 ? instances.postAs(instance, follower, path, "").statusCode()
                    : instances.deleteAs(instance, follower, path);
            assertThat(status).isEqualTo(204);
            if (step % 10 == 0) {
                readLists(target);
            }
        }
    }

    private void readLists(long user) {
        for (ConfigurableApplicationContext instance : List.of(instances.a, instances.b)) {
            assertThat(instances.get(instance, "/api/users/" + user + "/followers").statusCode()).isEqualTo(200);
            assertThat(instances.get(instance, "/api/users/" + user + "/followings").statusCode()).isEqualTo(200);
        }
    }

    private static List<Long> ids(ConfigurableApplicationContext instance, String path) {
        List<Long> ids = new ArrayList<>();
        JSON.readTree(instances.get(instance, path).body()).get("items").forEach(item -> ids.add(item.get("id")
                .asLong()));
        return ids;
    }
}
