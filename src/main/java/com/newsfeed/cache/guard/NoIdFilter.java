package com.newsfeed.cache.guard;

import com.newsfeed.cache.remote.BloomProbe;

/** A cache without a bloom filter: every id may exist. */
final class NoIdFilter implements IdFilter {

    static final NoIdFilter INSTANCE = new NoIdFilter();

    @Override
    public String name() {
        return "none";
    }

    @Override
    public BloomProbe probe(long id) {
        return null;
    }

    @Override
    public void add(long id) {
    }

    @Override
    public long rebuild() {
        return 0;
    }

    @Override
    public boolean isReady() {
        return false;
    }
}
