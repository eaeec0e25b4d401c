package com.newsfeed.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import com.newsfeed.cache.CacheRegistry;
import com.newsfeed.cache.remote.KeyLayout;
import com.newsfeed.support.LocalCluster;
import com.newsfeed.support.TwoInstances;

import tools.jackson.databind.json.JsonMapper;

/**
 * On a Redis Cluster (the cluster build only): two instances under reads and writes while a master is killed
 * (SIGKILL, as a crash), its replica takes over and the old master comes back as a replica. No request may fail
 * (a slot without a master costs its reads a trip to the database, never an error), and once the cluster is whole
 * again no instance may serve a value older than the last write: the writes whose deletes the dead master missed
 * were held, and delivered to the new one. The figures (promotion time, requests per phase, latency) are printed
 * for the note.
 */
class ClusterFailoverIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ARTICLES = 30;
    private static final int READERS = 4;
    private static final int WRITERS = 2;

    /** The failover check (and the subscription check) every second, not every 30 s and 5 s. */
    @RegisterExtension
    static final TwoInstances instances = new TwoInstances("newsfeed.cache.bloom.check-interval=1s",
            "newsfeed.cache.invalidation.check-interval=1s");

    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Long> outageLatencies = new ConcurrentLinkedQueue<>();
    private volatile boolean outage;

    @Test
    void aMasterKilledUnderLoad_failsNoRequest_itsReplicaTakesOver_andAfterwardsNoInstanceServesAnOldValue()
            throws Exception {
        assumeTrue(LocalCluster.configured(), "on a Redis Cluster only (the redis-cluster build)");
        try (LocalCluster cluster = LocalCluster.fromSystemProperty()) {
            long author = instances.createUser(instances.a, "Failover");
            List<Long> articles = new ArrayList<>();
            for (int i = 0; i < ARTICLES; i++) {
                articles.add(TwoInstances.idOf(instances.postAs(instances.a, author, "/api/articles",
                        "{\"channelId\":3,\"title\":\"start\",\"content\":\"Before the failover.\"}")));
            }
            LocalCluster.Node victim = cluster.masterOf(KeyLayout.key(instances.prefix, "art:{id}:info",
                    articles.get(0)));
            long onVictim = articles.stream().filter(id -> cluster.masterOf(KeyLayout.key(instances.prefix,
                    "art:{id}:info", id)).id().equals(victim.id())).count();

            ExecutorService pool = Executors.newFixedThreadPool(READERS + WRITERS);
            List<Future<?>> load = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                SplittableRandom random = new SplittableRandom(r);
                load.add(pool.submit(() -> readUntilStopped(articles, random)));
            }
            for (int w = 0; w < WRITERS; w++) {
                SplittableRandom random = new SplittableRandom(100 + w);
                load.add(pool.submit(() -> writeUntilStopped(articles, random)));
            }
            awaitMoreRequests(300);

            Runnable restart = cluster.kill(victim);
            long killed = System.nanoTime();
            outage = true;
            int requestsAtKill = requests.get();
            int writesAtKill = writes.get();
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> {
                try {
                    return cluster.nodes().stream().anyMatch(node -> node.isMaster() && !node.isFailed()
                            && !node.id().equals(victim.id()) && node.slots().stream().anyMatch(range ->
                                    victim.slots().stream().anyMatch(own -> own[0] == range[0])));
                } catch (IllegalStateException e) {
                    return false;
                }
            });
            long promotedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            outage = false;
            int requestsInOutage = requests.get() - requestsAtKill;
            int writesInOutage = writes.get() - writesAtKill;
            awaitMoreRequests(300); // on the new master

            restart.run();
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> {
                        Map<String, String> replication = LocalCluster.fields(cluster.on(victim,
                                commands -> commands.info("replication")));
                        return "slave".equals(replication.get("role"))
                                && "up".equals(replication.get("master_link_status"));
                    });
            awaitMoreRequests(300);
            stop.set(true);
            for (Future<?> task : load) {
                task.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();

            List<Long> latencies = outageLatencies.stream().sorted().toList();
            System.out.printf("FAILOVER articles=%d on_killed_master=%d promoted_after_ms=%d requests=%d"
                    + " writes=%d requests_in_outage=%d writes_in_outage=%d outage_p50_ms=%d outage_p99_ms=%d"
                    + " outage_max_ms=%d statuses=%s errors=%d%n", ARTICLES, onVictim, promotedMillis,
                    requests.get(), writes.get(), requestsInOutage, writesInOutage, percentile(latencies, 0.5),
                    percentile(latencies, 0.99), percentile(latencies, 1.0), statuses, errors.size());
            assertThat(errors).as("requests that got no response").isEmpty();
            assertThat(statuses.keySet()).as("statuses: 200, and 409 for a write that lost a race")
                    .allMatch(status -> status == 200 || status == 409);
            assertThat(requestsInOutage).as("requests served while the slots had no master").isPositive();

            // Each instance noticed the new master (its run id among the masters'), and replayed recent changes.
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                for (ConfigurableApplicationContext instance : List.of(instances.a, instances.b)) {
                    assertThat(TwoInstances.count(instance, "newsfeed.cache.redis.failovers"))
                            .as("failovers seen").isGreaterThanOrEqualTo(1);
                }
            });
            // Both instances converge: every level equals the database, and nothing is left undelivered.
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                for (ConfigurableApplicationContext instance : List.of(instances.a, instances.b)) {
                    for (String cache : List.of("article-info", "article-body")) {
                        assertThat(instance.getBean(CacheRegistry.class).cache(cache).orElseThrow().statistics()
                                .undelivered()).as("undelivered changes of %s", cache).isZero();
                    }
                }
                for (long id : articles) {
                    String title = instances.a.getBean(JdbcTemplate.class)
                            .queryForObject("SELECT title FROM articles WHERE id = ?", String.class, id);
                    for (ConfigurableApplicationContext instance : List.of(instances.a, instances.b)) {
                        var served = JSON.readTree(instances.get(instance, "/api/articles/" + id).body());
                        assertThat(served.get("title").asString()).as("served title, article %d", id)
                                .isEqualTo(title);
                    }
                    String info = instances.a.getBean(StringRedisTemplate.class).opsForValue()
                            .get(KeyLayout.key(instances.prefix, "art:{id}:info", id));
                    assertThat(info).as("Redis info, article %d (just read)", id).isNotNull();
                    assertThat(JSON.readTree(info.substring(info.indexOf(':') + 1)).get("title").asString())
                            .as("Redis info, article %d", id).isEqualTo(title);
                }
            });
        }
    }

    private void readUntilStopped(List<Long> articles, SplittableRandom random) {
        while (!stop.get()) {
            long id = articles.get(random.nextInt(articles.size()));
            call(() -> instances.get(random.nextBoolean() ? instances.a : instances.b, "/api/articles/" + id)
                    .statusCode());
        }
    }

    private void writeUntilStopped(List<Long> articles, SplittableRandom random) {
        while (!stop.get()) {
            long id = articles.get(random.nextInt(articles.size()));
            int n = writes.incrementAndGet();
            call(() -> instances.patch(random.nextBoolean() ? instances.a : instances.b, "/api/articles/" + id,
                    "{\"title\":\"t" + n + "\"}"));
        }
    }

    private void call(java.util.function.IntSupplier request) {
        long started = System.nanoTime();
        boolean inOutage = outage;
        try {
            statuses.computeIfAbsent(request.getAsInt(), status -> new AtomicInteger()).incrementAndGet();
        } catch (RuntimeException e) {
            errors.add(e.toString());
        }
        if (inOutage) {
            outageLatencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        requests.incrementAndGet();
    }

    private void awaitMoreRequests(int more) {
        int target = requests.get() + more;
        await().atMost(Duration.ofSeconds(60)).until(() -> requests.get() >= target || !errors.isEmpty());
    }

    private static long percentile(List<Long> sorted, double fraction) {
        return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(fraction
                * sorted.size()) - 1));
    }
}
