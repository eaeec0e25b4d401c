package com.newsfeed.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;

/**
 * The Redis Cluster the cluster build runs on ({@code spring.data.redis.cluster.nodes}, started by
 * {@code .ci/redis-cluster}), node by node: which node serves a key, how many keys each master holds, and a
 * master's crash (SIGKILL of its process) and restart as it was (its own executable and config file, which
 * {@code INFO server} names), for the failover tests.
 */
public final class LocalCluster implements AutoCloseable {

    /** One line of {@code CLUSTER NODES}. */
    public record Node(String id, String host, int port, List<String> flags, String masterId, List<int[]> slots) {

        public boolean isMaster() {
            return flags.contains("master");
        }

        public boolean isFailed() {
            return flags.contains("fail") || flags.contains("fail?");
        }

        public boolean serves(int slot) {
            return slots.stream().anyMatch(range -> slot >= range[0] && slot <= range[1]);
        }

        @Override
        public String toString() {
            return host + ":" + port + " " + String.join(",", flags);
        }
    }

    private final RedisClient client = RedisClient.create();
    private final List<RedisURI> seeds;

    private LocalCluster(List<RedisURI> seeds) {
        this.seeds = seeds;
    }

    public static boolean configured() {
        String nodes = System.getProperty("spring.data.redis.cluster.nodes");
        return nodes != null && !nodes.isBlank();
    }

    public static LocalCluster fromSystemProperty() {
        return new LocalCluster(Arrays.stream(System.getProperty("spring.data.redis.cluster.nodes").split(","))
                .map(node -> RedisURI.create("redis://" + node.strip())).toList());
    }

    /** The cluster as the first seed that answers sees it. */
    public List<Node> nodes() {
        RuntimeException last = null;
        for (RedisURI seed : seeds) {
            try (StatefulRedisConnection<String, String> connection = client.connect(seed)) {
                connection.setTimeout(Duration.ofSeconds(2));
                return parse(connection.sync().clusterNodes());
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new IllegalStateException("no node of the cluster answers", last);
    }

    public List<Node> masters() {
        return nodes().stream().filter(node -> node.isMaster() && !node.isFailed() && !node.slots().isEmpty())
                .toList();
    }

    /** The master serving the key's slot, as the cluster sees it now. */
    public Node masterOf(String key) {
        int slot = SlotHash.getSlot(key);
        return masters().stream().filter(node -> node.serves(slot)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no master serves slot " + slot));
    }

    /** Runs commands on one node, over a connection of their own. */
    public <T> T on(Node node, java.util.function.Function<RedisCommands<String, String>, T> commands) {
        try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(node.host(),
                node.port()))) {
            connection.setTimeout(Duration.ofSeconds(5));
            return commands.apply(connection.sync());
        }
    }

    /** The keys matching a pattern on one node (a SCAN of that node alone). */
    public long keysOn(Node node, String pattern) {
        return on(node, commands -> {
            long count = 0;
            ScanArgs match = ScanArgs.Builder.matches(pattern).limit(1_000);
            KeyScanCursor<String> cursor = commands.scan(ScanCursor.INITIAL, match);
            count += cursor.getKeys().size();
            while (!cursor.isFinished()) {
                cursor = commands.scan(cursor, match);
                count += cursor.getKeys().size();
            }
            return count;
        });
    }

    /** The matching keys on every master, by master. */
    public Map<Node, Long> keysPerMaster(String pattern) {
        return masters().stream().collect(Collectors.toMap(node -> node, node -> keysOn(node, pattern)));
    }

    /**
     * Kills the node's process as a crash would (SIGKILL: no shutdown, nothing saved), once it is gone.
     *
     * @return starts it again from its own config file (it rejoins with its node id, a replica if it was failed
     *         over meanwhile), and waits until it answers
     */
    public Runnable kill(Node node) throws Exception {
        Map<String, String> server = on(node, commands -> fields(commands.info("server")));
        ProcessHandle process = ProcessHandle.of(Long.parseLong(server.get("process_id")))
                .orElseThrow(() -> new IllegalStateException("no process for " + node));
        process.destroyForcibly();
        process.onExit().get(10, TimeUnit.SECONDS);
        // INFO names the executable as started; a relative start is resolved against the cwd it then had
        String executable = java.nio.file.Files.isExecutable(java.nio.file.Path.of(server.get("executable")))
                ? server.get("executable") : "redis-server";
        String config = server.get("config_file");
        return () -> {
            try {
                Process start = new ProcessBuilder(executable, config).redirectErrorStream(true).start();
                if (!start.waitFor(10, TimeUnit.SECONDS) || start.exitValue() != 0) { // it daemonizes
                    throw new IllegalStateException("redis-server " + config + " did not start: "
                            + new String(start.getInputStream().readAllBytes()));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }

    /** {@code INFO} as field/value pairs. */
    public static Map<String, String> fields(String info) {
        return info.lines().filter(line -> line.contains(":") && !line.startsWith("#"))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf(':')),
                        line -> line.substring(line.indexOf(':') + 1).strip(), (first, second) -> first));
    }

    private static List<Node> parse(String clusterNodes) {
        List<Node> nodes = new ArrayList<>();
        for (String line : clusterNodes.lines().filter(line -> !line.isBlank()).toList()) {
            String[] parts = line.split(" ");
            String address = parts[1].split("@")[0];
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < parts.length; i++) {
                if (parts[i].startsWith("[")) {
                    continue; // a slot being migrated
                }
                String[] range = parts[i].split("-");
                int from = Integer.parseInt(range[0]);
                slots.add(new int[] {from, range.length > 1 ? Integer.parseInt(range[1]) : from});
            }
            nodes.add(new Node(parts[0], address.substring(0, address.lastIndexOf(':')),
                    Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)),
                    List.of(parts[2].replace("myself,", "").split(",")), parts[3], slots));
        }
        return nodes;
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
