package com.newsfeed.cache.remote;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.newsfeed.cache.L2Layout;
import com.newsfeed.cache.ListEntry;
import com.newsfeed.cache.ListSlice;

/** A list cache without L2: every read a miss, nothing sent to Redis. */
final class NoListLevel implements ListLevel {

    static final NoListLevel INSTANCE = new NoListLevel();

    private final RemoteLevel<ListSlice> none = RemoteLevel.none();

    private NoListLevel() {
    }

    @Override
    public Supplier<ListRange> after(RedisBatch batch, long listId, ListEntry cursor, int limit) {
        return () -> ListRange.MISSING;
    }

    @Override
    public Supplier<ListRange> at(RedisBatch batch, long listId, int offset, int limit) {
        return () -> ListRange.MISSING;
    }

    @Override
    public void update(RedisBatch batch, long listId, long seq, ListEntry member, boolean added) {
    }

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public L2Layout layout() {
        return none.layout();
    }

    @Override
    public byte[] valueKey(long id) {
        return none.valueKey(id);
    }

    @Override
    public byte[] leaseKey(long id) {
        return none.leaseKey(id);
    }

    @Override
    public Supplier<RemoteRead<ListSlice>> read(RedisBatch batch, long id, boolean withTtl) {
        return none.read(batch, id, withTtl);
    }

    @Override
    public Supplier<Boolean> leaseHeld(RedisBatch batch, long id) {
        return none.leaseHeld(batch, id);
    }

    @Override
    public Supplier<Boolean> fill(RedisBatch batch, long id, String token, ListSlice value, byte[] json) {
        return none.fill(batch, id, token, value, json);
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
