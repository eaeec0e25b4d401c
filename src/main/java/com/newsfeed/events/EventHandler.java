package com.newsfeed.events;

import java.util.List;

/**
 * What a queue's consumer does with a batch of messages. It must be safe to run again on messages it already
 * handled (a redelivery after a crash before the ack): idempotent in itself, or made so with {@link Receipts}.
 */
public interface EventHandler<E> {

    /** Handles the batch; a thrown exception means none of it may be taken as done. */
    void handle(List<Delivery<E>> batch);

    /**
     * Whether a failure is passing (a server away) and the batch is to be taken again after a pause, rather than a
     * fault of a message, which goes to the dead-letter queue. The database's passing failures are such always.
     */
    default boolean passing(RuntimeException failure) {
        return false;
    }
}
