package com.newsfeed.cache.invalidation;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** No outbox: changes are delivered by their writer only, and lost with it (benchmarks and level tests only). */
final class NoInvalidationLog implements InvalidationLog {

    static final NoInvalidationLog INSTANCE = new NoInvalidationLog();

    @Override
    public long append(String cache, long id, InvalidationKind kind, Long rowVersion) {
        return 0;
    }

    @Override
    public List<Invalidation> pending(long seq, Collection<Long> gaps, long undeliveredCeiling,
            Collection<String> caches, int limit) {
        return List.of();
    }

    @Override
    public List<Invalidation> since(Instant time, int limit) {
        return List.of();
    }

    @Override
    public void markDelivered(Collection<Long> seqs) {
    }

    @Override
    public Map<Long, Boolean> delivery(Collection<Long> seqs) {
        return Map.of();
    }

    @Override
    public int reopenSince(Instant time) {
        return 0;
    }

    @Override
    public long maxSeq() {
        return 0;
    }

    @Override
    public int purgeBefore(Instant deliveredCutoff, Instant anyCutoff, int limit) {
        return 0;
    }

    @Override
    public boolean recording() {
        return false;
    }
}
