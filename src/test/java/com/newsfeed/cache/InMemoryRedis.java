package com.newsfeed.cache;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Ticker;
import com.newsfeed.cache.load.Guards;
import com.newsfeed.cache.remote.BloomProbe;
import com.newsfeed.cache.remote.GuardScript;
import com.newsfeed.cache.remote.RedisBatch;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RemoteLevel;
import com.newsfeed.cache.remote.RemoteRead;
import com.newsfeed.cache.remote.ValueCodec;

/**
 * An in-memory stand-in for the Redis level, for unit tests of the read path through its seams
 * ({@link RemoteLevel}, {@link Guards}) without a server: values with TTLs and leases, on the test's ticker, so
 * time in L2 moves when the test advances it. Its rules are the scripts' rules (a fill is a compare-and-set on
 * the lease token; a lease is taken only while the value is missing, unless over an existing one); the scripts
 * themselves are tested against a real Redis in the {@code *IT} tests. Commands take effect as they are added to
 * a batch, which is fine for tests that run one thread at a time.
 */
final class InMemoryRedis implements Guards {

    private record Stored(Object value, byte[] json, long expiresAt) {
    }

    private record Lease(String token, long expiresAt) {
    }

    private final Ticker ticker;
    private final Map<String, Stored> values = new ConcurrentHashMap<>();
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    InMemoryRedis(Ticker ticker) {
        this.ticker = ticker;
    }

    /** The level of one cache, in one instance: instances made from the same server share its data. */
    <V> RemoteLevel<V> level(String cache, Ttl ttl, long leaseTtlMillis, ValueCodec<V> codec) {
        return new Level<>(cache, ttl, leaseTtlMillis);
    }

    @Override
    public Supplier<List<GuardScript.Outcome>> add(RedisBatch batch, BloomProbe probe,
            List<GuardScript.LeaseRequest> requests, long leaseTtlMillis) {
        List<GuardScript.Outcome> outcomes = requests.stream().map(request -> {
            String key = new String(request.valueKey());
            if (!request.overExisting() && live(key) != null) {
                return GuardScript.Outcome.FILLED;
            }
            Lease held = leases.get(key);
            if (held != null && held.expiresAt - ticker.read() > 0) {
                return GuardScript.Outcome.HELD;
            }
            leases.put(key, new Lease(request.token(), ticker.read() + millis(leaseTtlMillis)));
            return GuardScript.Outcome.GRANTED;
        }).toList();
        return () -> outcomes;
    }

    private Stored live(String key) {
        Stored stored = values.get(key);
        return stored == null || stored.expiresAt - ticker.read() <= 0 ? null : stored;
    }

    private static long millis(long value) {
        return TimeUnit.MILLISECONDS.toNanos(value);
    }

    private final class Level<V> implements RemoteLevel<V> {

        private final String cache;
        private final Ttl ttl;

        Level(String cache, Ttl ttl, long leaseTtlMillis) {
            this.cache = cache;
            this.ttl = ttl;
        }

        private String key(long id) {
            return cache + ":" + id;
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public L2Layout layout() {
            return L2Layout.STRING;
        }

        @Override
        public byte[] valueKey(long id) {
            return key(id).getBytes();
        }

        @Override
        public byte[] leaseKey(long id) {
            return ("lease:" + key(id)).getBytes();
        }

        @Override
        @SuppressWarnings("unchecked")
        public Supplier<RemoteRead<V>> read(RedisBatch batch, long id, boolean withTtl) {
            Stored stored = live(key(id));
            RemoteRead<V> read = stored == null ? RemoteRead.miss()
                    : new RemoteRead<>(stored.value == null ? RemoteRead.State.ABSENT : RemoteRead.State.VALUE,
                            (V) stored.value, stored.json,
                            TimeUnit.NANOSECONDS.toMillis(stored.expiresAt - ticker.read()));
            return () -> read;
        }

        @Override
        public Supplier<Boolean> leaseHeld(RedisBatch batch, long id) {
            Lease lease = leases.get(key(id));
            boolean held = lease != null && lease.expiresAt - ticker.read() > 0;
            return () -> held;
        }

        @Override
        public Supplier<Boolean> fill(RedisBatch batch, long id, String token, V value, byte[] json) {
            Lease lease = leases.get(key(id));
            boolean written = lease != null && lease.token.equals(token);
            if (written) {
                values.put(key(id), new Stored(value, json, ticker.read() + millis(ttl.pickMillis())));
                leases.remove(key(id));
            }
            return () -> written;
        }

        @Override
        public void release(RedisBatch batch, long id, String token) {
            leases.computeIfPresent(key(id), (key, lease) -> lease.token.equals(token) ? null : lease);
        }

        @Override
        public void extend(RedisBatch batch, long id, String token) {
        }

        @Override
        public void delete(RedisBatch batch, long id) {
            values.remove(key(id));
            leases.remove(key(id));
        }

        @Override
        public void deleteIfOlder(RedisBatch batch, long id, long rowVersion) {
            delete(batch, id);
        }

        @Override
        public void updateFields(RedisBatch batch, long id, long rowVersion, Map<String, String> set,
                Set<String> delete) {
            delete(batch, id);
        }

        @Override
        public long clear(RedisExecutor redis) {
            values.keySet().removeIf(key -> key.startsWith(cache + ":"));
            return 0;
        }
    }
}
