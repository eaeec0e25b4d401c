package com.newsfeed.cache.remote;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.newsfeed.cache.L2Layout;

/**
 * A cache without L2: every read a miss, nothing sent to Redis, no leases (the read path never asks for one).
 * {@link NoListLevel} extends it with the list reads and updates.
 */
class NoRemoteLevel<V> implements RemoteLevel<V> {

    static final NoRemoteLevel<Object> INSTANCE = new NoRemoteLevel<>();

    NoRemoteLevel() {
    }

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public L2Layout layout() {
        return L2Layout.STRING;
    }

    @Override
    public byte[] valueKey(long id) {
        throw new IllegalStateException("no L2: no keys");
    }

    @Override
    public byte[] leaseKey(long id) {
        throw new IllegalStateException("no L2: no leases");
    }

    @Override
    public Supplier<RemoteRead<V>> read(RedisBatch batch, long id, boolean withTtl) {
        return RemoteRead::miss;
    }

    @Override
    public Supplier<Boolean> leaseHeld(RedisBatch batch, long id) {
        return () -> false;
    }

    @Override
    public Supplier<Boolean> fill(RedisBatch batch, long id, String token, V value, byte[] json) {
        return () -> true;
    }

    @Override
    public void release(RedisBatch batch, long id, String token) {
    }

    @Override
    public void extend(RedisBatch batch, long id, String token) {
    }

    @Override
    public void delete(RedisBatch batch, long id) {
    }

    @Override
    public void deleteIfOlder(RedisBatch batch, long id, long rowVersion) {
    }

    @Override
    public void updateFields(RedisBatch batch, long id, long rowVersion, Map<String, String> set,
            Set<String> delete) {
    }

    @Override
    public long clear(RedisExecutor redis) {
        return 0;
    }
}
