package com.newsfeed.cache.local;

/** A cache without L1: nothing is kept here, but evictions still move the stamps that cancel loads under way. */
final class NoLocalLevel<V> implements LocalLevel<V> {

    private final KeyGenerations generations = new KeyGenerations();

    @Override
    public L1Entry<V> lookup(long id) {
        return null;
    }

    @Override
    public long stamp(long id) {
        return generations.stamp(id);
    }

    @Override
    public boolean putIfCurrent(long id, L1Entry<V> entry, long stamp) {
        return false;
    }

    @Override
    public void evict(long id) {
        generations.bump(id);
    }

    @Override
    public void clear() {
        generations.bumpAll();
    }

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public long size() {
        return 0;
    }

    @Override
    public long weightBytes() {
        return 0;
    }

    @Override
    public long capacityBytes() {
        return 0;
    }

    @Override
    public long evictions() {
        return 0;
    }
}
