package com.newsfeed.peers;

import java.util.SplittableRandom;

/** Reads of random ids that do not exist (beyond the table's): the share of them that reaches the database. */
final class Penetration {

    record Result(int reads, long loads) {

        double share() {
            return (double) loads / reads;
        }
    }

    private Penetration() {
    }

    static Result run(PeerNode node, LoadCounter loads, int reads, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long before = loads.count();
        for (int i = 0; i < reads; i++) {
            node.read(10L * ArticleTable.ROWS + random.nextLong(1_000_000_000L));
        }
        return new Result(reads, loads.count() - before);
    }
}
