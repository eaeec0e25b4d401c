package com.newsfeed.cache.remote;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * The cold path's guards for one id, in one script: the bloom filter check, then a lease for each of the caches
 * that missed it (an article's info and body share one filter, so it is asked once). A lease is taken only while
 * the value is still missing, so a fill that landed since the miss ends the wait instead of starting a load.
 * KEYS: the bloom bitmap and ready keys (when there is a probe), then value/lease pairs. ARGV: the number of
 * offsets, the offsets, the lease TTL, then per pair its token and whether to lease over an existing value
 * ('1': the caller read it and could not decode it, or renews it ahead of its expiry).
 */
public final class GuardScript {

    static final RedisScript GUARD = RedisScript.of("guard", """
            local offsets = tonumber(ARGV[1])
            local first = 1
            if offsets > 0 then
              if redis.call('EXISTS', KEYS[2]) == 1 then
                for i = 1, offsets do
                  if redis.call('GETBIT', KEYS[1], ARGV[1 + i]) == 0 then return {-2} end
                end
              end
              first = 3
            end
            local ttl = ARGV[2 + offsets]
            local result = {}
            local pair = 0
            for i = first, #KEYS, 2 do
              pair = pair + 1
              local token = ARGV[1 + offsets + 2 * pair]
              local over = ARGV[2 + offsets + 2 * pair]
              if over ~= '1' and redis.call('EXISTS', KEYS[i]) == 1 then
                result[pair] = -1
              elseif redis.call('SET', KEYS[i + 1], token, 'NX', 'PX', ttl) then
                result[pair] = 1
              else
                result[pair] = 0
              end
            end
            return result""");

    /** What the guard said about one of the caches. */
    public enum Outcome {
        /** The lease is this caller's: load, then fill with its token. */
        GRANTED,
        /** Another caller holds the lease: wait for its fill. */
        HELD,
        /** A value (or marker) landed meanwhile: read it. */
        FILLED,
        /** The bloom filter proved the id missing: no load, for any of the caches. */
        SURELY_ABSENT
    }

    /** One cache's lease request within a guard call. */
    public record LeaseRequest(byte[] valueKey, byte[] leaseKey, String token, boolean overExisting) {
    }

    private GuardScript() {
    }

    /**
     * Adds the guard of one id to the batch.
     *
     * @param probe  the bloom filter bits of the id, or null to skip the check
     * @param leases one request per cache that missed, in order; may be empty (a bloom check alone)
     * @return once the batch ran: one outcome per lease request (all SURELY_ABSENT when the filter rejected the
     *         id; a single SURELY_ABSENT for a bloom check alone, or an empty list when it passed)
     */
    public static Supplier<List<Outcome>> add(RedisBatch batch, BloomProbe probe,
            List<LeaseRequest> leases, long leaseTtlMillis) {
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> args = new ArrayList<>();
        if (probe != null) {
            keys.add(probe.bitmapKey());
            keys.add(probe.readyKey());
            args.add(RedisLevel.bytes(Integer.toString(probe.offsets().length)));
            for (long offset : probe.offsets()) {
                args.add(RedisLevel.bytes(Long.toString(offset)));
            }
        } else {
            args.add(RedisLevel.bytes("0"));
        }
        args.add(RedisLevel.bytes(Long.toString(leaseTtlMillis)));
        for (LeaseRequest lease : leases) {
            keys.add(lease.valueKey());
            keys.add(lease.leaseKey());
            args.add(RedisLevel.bytes(lease.token()));
            args.add(RedisLevel.bytes(lease.overExisting() ? "1" : "0"));
        }
        RedisReply<List<Object>> reply = batch.evalList(GUARD, keys.toArray(byte[][]::new),
                args.toArray(byte[][]::new));
        return () -> {
            List<Object> answer = reply.value();
            if (probe != null && answer.size() == 1 && Long.valueOf(-2).equals(answer.get(0))) {
                return Collections.nCopies(Math.max(1, leases.size()), Outcome.SURELY_ABSENT);
            }
            List<Outcome> outcomes = new ArrayList<>(leases.size());
            for (Object each : answer) {
                long code = (Long) each;
                outcomes.add(code == 1 ? Outcome.GRANTED : code == -1 ? Outcome.FILLED : Outcome.HELD);
            }
            return outcomes;
        };
    }
}
