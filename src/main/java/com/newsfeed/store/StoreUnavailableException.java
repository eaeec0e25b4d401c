package com.newsfeed.store;

/** The store's Redis failed or did not answer in time: what was read is unknown, what was written may be lost. */
public class StoreUnavailableException extends RuntimeException {

    StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
