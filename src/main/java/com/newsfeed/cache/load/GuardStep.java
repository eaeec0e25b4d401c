package com.newsfeed.cache.load;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import com.newsfeed.cache.guard.IdFilter;
import com.newsfeed.cache.local.L1Entry;
import com.newsfeed.cache.remote.BloomProbe;
import com.newsfeed.cache.remote.GuardScript;
import com.newsfeed.cache.remote.RedisBatch;
import com.newsfeed.cache.remote.RedisExecutor;

/**
 * The cold path's guards for the slots a read leads, in one round trip: per (bloom filter, id) one script that
 * asks the filter once and takes a lease for each cache that missed. It sorts the slots into those this read loads
 * (granted), those another instance is loading or has just filled (waiting), and those surely absent (answered).
 */
final class GuardStep {

    private final RedisExecutor redis;
    private final Guards scripts;
    private final long leaseTtlMillis;

    GuardStep(RedisExecutor redis, Guards scripts, long leaseTtlMillis) {
        this.redis = redis;
        this.scripts = scripts;
        this.leaseTtlMillis = leaseTtlMillis;
    }

    /** One guard script per (bloom filter, id): the filter is asked once for all the caches that share it. */
    boolean guard(List<Slot<?>> open, List<Slot<?>> granted, List<Slot<?>> waiting) {
        Map<IdFilter, Map<Long, List<Slot<?>>>> groups = new IdentityHashMap<>();
        for (Slot<?> slot : open) {
            groups.computeIfAbsent(slot.levels.filter, filter -> new LinkedHashMap<>())
                    .computeIfAbsent(slot.id, id -> new ArrayList<>()).add(slot);
        }
        RedisBatch batch = redis.batch();
        List<Runnable> apply = new ArrayList<>();
        groups.forEach((filter, byId) -> byId.forEach((id, slots) -> {
            BloomProbe probe = filter.probe(id);
            List<Slot<?>> leasing = slots.stream().filter(slot -> slot.levels.remote.enabled()).toList();
            if (probe == null && leasing.isEmpty()) {
                granted.addAll(slots);
                return;
            }
            List<GuardScript.LeaseRequest> requests = new ArrayList<>();
            for (Slot<?> slot : leasing) {
                slot.token = Long.toHexString(ThreadLocalRandom.current().nextLong());
                requests.add(new GuardScript.LeaseRequest(slot.levels.remote.valueKey(id),
                        slot.levels.remote.leaseKey(id), slot.token, slot.overExisting));
            }
            Supplier<List<GuardScript.Outcome>> outcomes = scripts.add(batch, probe, requests, leaseTtlMillis);
            apply.add(() -> sort(slots, leasing, outcomes.get(), granted, waiting));
        }));
        if (!LevelWalk.execute(batch, open)) {
            return false;
        }
        apply.forEach(Runnable::run);
        return true;
    }

    private static void sort(List<Slot<?>> slots, List<Slot<?>> leasing, List<GuardScript.Outcome> outcomes,
            List<Slot<?>> granted, List<Slot<?>> waiting) {
        if (!outcomes.isEmpty() && outcomes.get(0) == GuardScript.Outcome.SURELY_ABSENT) {
            for (Slot<?> slot : slots) {
                slot.levels.metrics.bloomRejections.increment();
                slot.token = null;
                answerAbsent(slot);
            }
            return;
        }
        for (Slot<?> slot : slots) {
            int index = leasing.indexOf(slot);
            GuardScript.Outcome outcome = index < 0 ? GuardScript.Outcome.GRANTED : outcomes.get(index);
            if (outcome == GuardScript.Outcome.GRANTED) {
                granted.add(slot);
            } else {
                slot.token = null;
                if (outcome == GuardScript.Outcome.HELD) {
                    slot.levels.metrics.leaseWaits.increment();
                }
                waiting.add(slot);
            }
        }
    }

    private static <V> void answerAbsent(Slot<V> slot) {
        L1Entry<V> marker = slot.levels.absentEntry(Long.MAX_VALUE);
        if (slot.levels.absentMarkers()) {
            slot.keep(marker);
        } else {
            slot.answer(marker);
        }
    }
}
