package com.newsfeed.peers;

import java.time.Duration;

/**
 * What every contender is given alike: the same L1 bound (in entries: the peers bound by count; ours, which bounds by
 * weight, is given what its weigher says that many entries weigh), the same local and L2 TTLs, the same Redis and
 * database.
 */
record Settings(String redisHost, int redisPort, String jdbcUrl, int l1Entries, Duration l1Ttl, Duration l2Ttl) {

    static Settings fromSystemProperties() {
        return new Settings(System.getProperty("peers.redis.host", "127.0.0.1"),
                Integer.getInteger("peers.redis.port", 6379),
                System.getProperty("peers.jdbc.url", "jdbc:mariadb://127.0.0.1:3306/newsfeed_peers"),
                Integer.getInteger("peers.l1.entries", 10_000),
                Duration.ofSeconds(Long.getLong("peers.l1.ttl-seconds", 60)),
                Duration.ofMinutes(Long.getLong("peers.l2.ttl-minutes", 30)));
    }

    /** The same settings with Redis reached through a proxy on this machine's loopback port. */
    Settings throughLocalPort(int port) {
        return new Settings("127.0.0.1", port, jdbcUrl, l1Entries, l1Ttl, l2Ttl);
    }

    String redisUri() {
        return "redis://" + redisHost + ":" + redisPort;
    }
}
