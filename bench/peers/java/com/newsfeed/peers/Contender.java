package com.newsfeed.peers;

/**
 * One cache under test with its two nodes, built as its authors recommend for a two-level setup. Each contender's
 * code is ours, against its public API; none of its code is copied.
 */
record Contender(String name, PeerNode a, PeerNode b) implements AutoCloseable {

    void clear() {
        a.clear();
        b.clear();
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
