package com.newsfeed.cache.invalidation;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.newsfeed.cache.load.CacheLevels;
import com.newsfeed.cache.remote.RedisBatch;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RedisUnavailableException;

/**
 * The writer's side of an invalidation. A change is recorded in the outbox at once, inside the write's own
 * transaction (invariant I2); once that transaction commits, the writer delivers every change it made: the Redis
 * parts (deletes, or an in-place hash update) in one round trip, then, once Redis took them all, one message
 * telling the other instances, then its own L1. A rollback delivers nothing, and its outbox rows roll back with it. If Redis fails,
 * the writer drops its L1 copies anyway and stops reading those keys from L2; every instance's
 * {@link OutboxTail} then delivers the change from the outbox, so it is never lost with the writer.
 */
public final class Invalidator {

    private static final Logger log = LoggerFactory.getLogger(Invalidator.class);

    /** One change to deliver, with the Redis part its writer applies (the others apply the default). */
    private record Change(CacheLevels<?> levels, Invalidation invalidation, WriterPart part) {
    }

    /** What a writer applies to Redis in place of the default part: an in-place update, which may need its row. */
    @FunctionalInterface
    public interface WriterPart {
        void addTo(RedisBatch batch, Invalidation change);
    }

    private final InvalidationLog outbox;
    private final RedisExecutor redis;
    private final InvalidationBus bus;
    private final OutboxTail tail;

    public Invalidator(InvalidationLog outbox, RedisExecutor redis, InvalidationBus bus, OutboxTail tail) {
        this.outbox = outbox;
        this.redis = redis;
        this.bus = bus;
        this.tail = tail;
    }

    /** Records the change now and delivers it after the current transaction commits (at once without one). */
    public void record(CacheLevels<?> levels, long id, InvalidationKind kind, Long rowVersion) {
        record(levels, id, kind, rowVersion, null);
    }

    /**
     * @param writerPart what the writer itself applies to Redis (an in-place update); null for the default part
     */
    public void record(CacheLevels<?> levels, long id, InvalidationKind kind, Long rowVersion,
            WriterPart writerPart) {
        long seq = outbox.append(levels.name, id, kind, rowVersion);
        Change change = new Change(levels, new Invalidation(seq, levels.name, id, kind, rowVersion), writerPart);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            pendingInThisTransaction().changes.add(change);
        } else {
            deliver(List.of(change));
        }
    }

    /**
     * The outbox's highest sequence number: read by a list rebuild before its query, so that a writer's in-place
     * update older than what the rebuild read is refused (see {@code ListCache}).
     */
    public long lastSeq() {
        return outbox.maxSeq();
    }

    private PendingChanges pendingInThisTransaction() {
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof PendingChanges pending && pending.owner() == this) {
                return pending;
            }
        }
        PendingChanges pending = new PendingChanges(this);
        TransactionSynchronizationManager.registerSynchronization(pending);
        return pending;
    }

    private void deliver(List<Change> changes) {
        RedisBatch parts = redis.orderedBatch();
        List<Invalidation> sent = new ArrayList<>();
        boolean delivered = true;
        try {
            for (Change change : changes) {
                if (change.part() != null) {
                    change.part().addTo(parts, change.invalidation());
                } else {
                    Deliveries.addRemotePart(parts, redis, change.levels(), change.invalidation());
                }
                sent.add(change.invalidation());
            }
            parts.execute();
        } catch (RedisUnavailableException e) {
            delivered = false;
            log.warn("Invalidations {} not delivered, Redis failed ({}); the outbox tails deliver them", sent,
                    e.getMessage());
        }
        if (delivered) {
            announce(sent);
        }
        for (Change change : changes) {
            if (delivered) {
                tail.deliveredHere(change.invalidation().seq());
            } else {
                tail.hold(change.levels(), change.invalidation()); // not read from L2 here until delivered
            }
            Deliveries.applyLocalPart(change.levels(), change.invalidation());
        }
    }

    /**
     * The message, in a round trip of its own: it says the changes are in Redis, so it goes only once every one
     * of them was taken (a delete refused, say by a demoted master, must not be announced). If it is lost, the
     * other instances learn of the changes from the outbox within a poll.
     */
    private void announce(List<Invalidation> sent) {
        try {
            RedisBatch message = redis.batch();
            bus.addMessage(message, sent);
            message.execute();
        } catch (RedisUnavailableException e) {
            log.debug("Invalidation message for {} not sent ({}); the outbox tails deliver it", sent,
                    e.getMessage());
        }
    }

    /** The changes of one transaction, delivered together once it commits. */
    private static final class PendingChanges implements TransactionSynchronization {

        private final Invalidator invalidator;
        private final List<Change> changes = new ArrayList<>();

        PendingChanges(Invalidator invalidator) {
            this.invalidator = invalidator;
        }

        Invalidator owner() {
            return invalidator;
        }

        @Override
        public void afterCommit() {
            invalidator.deliver(changes);
        }
    }
}
