package com.newsfeed.cache.load;

import java.util.List;
import java.util.function.Supplier;

import com.newsfeed.cache.remote.BloomProbe;
import com.newsfeed.cache.remote.GuardScript;
import com.newsfeed.cache.remote.RedisBatch;

/**
 * The cold path's guards for one id (bloom check and leases), as the read path asks for them: in production the
 * one {@link GuardScript}; a test of the levels without Redis gives an in-memory one.
 */
@FunctionalInterface
public interface Guards {

    Guards REDIS = GuardScript::add;

    Supplier<List<GuardScript.Outcome>> add(RedisBatch batch, BloomProbe probe,
            List<GuardScript.LeaseRequest> leases, long leaseTtlMillis);
}
