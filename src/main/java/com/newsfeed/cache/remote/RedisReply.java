package com.newsfeed.cache.remote;

import io.lettuce.core.protocol.AsyncCommand;

/** The answer to one command of a batch, readable once the batch has been executed. */
public final class RedisReply<T> {

    AsyncCommand<byte[], byte[], T> command;
    final Runnable rebuildAsEval;
    boolean wrongType;

    RedisReply(AsyncCommand<byte[], byte[], T> command, Runnable rebuildAsEval) {
        this.command = command;
        this.rebuildAsEval = rebuildAsEval;
    }

    /** The reply; null for a missing key. Call only after {@link RedisBatch#execute}, and not on a WRONGTYPE. */
    public T value() {
        if (wrongType) {
            throw new IllegalStateException("WRONGTYPE reply: check wrongType() first");
        }
        return command.getNow(null);
    }

    /** The key holds another type (written by another layout or release): overwrite it, never an outage. */
    public boolean wrongType() {
        return wrongType;
    }
}
