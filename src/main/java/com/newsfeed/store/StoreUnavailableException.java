package com.newsfeed.store;

/** The store's Redis failed or did not answer in time: what was read is unknown, what was written may be lost. */
public class StoreUnavailableException extends RuntimeException {

    StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the store answered, with an error (a key of another type, a command it does not know): trying the
     * same again fails the same way, unlike a store that is away.
     */
    public boolean refused() {
        return getCause() instanceof io.lettuce.core.RedisCommandExecutionException;
    }
}
