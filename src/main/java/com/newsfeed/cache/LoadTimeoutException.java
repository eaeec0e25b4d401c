package com.newsfeed.cache;

import org.springframework.dao.QueryTimeoutException;

/**
 * A read waited its whole bound for a load of its key that never finished (the database hangs on it), and there
 * was no stale entry to serve: the caller gets an error rather than a load of its own on a database already
 * struggling. A data-access timeout, so the web layer answers 503 with a Retry-After.
 */
public class LoadTimeoutException extends QueryTimeoutException {

    public LoadTimeoutException(String message) {
        super(message);
    }
}
