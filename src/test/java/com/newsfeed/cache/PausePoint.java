package com.newsfeed.cache;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.newsfeed.cache.load.RacePoints;

/**
 * A race point that stops the first thread to reach it (for one key) until the test lets it go, so the test can
 * run an eviction exactly there: {@code awaitArrival()}, act, {@code resume()}.
 */
final class PausePoint implements RacePoints {

    private final Point point;
    private final long id;
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean armed;

    PausePoint(Point point, long id) {
        this.point = point;
        this.id = id;
    }

    /** From now on, the next thread that reaches the point for the id stops there. */
    PausePoint arm() {
        armed = true;
        return this;
    }

    @Override
    public void reached(Point reached, String cache, long reachedId) {
        if (armed && reached == point && reachedId == id) {
            armed = false;
            arrived.countDown();
            try {
                if (!released.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released " + point);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    void awaitArrival() throws InterruptedException {
        if (!arrived.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no thread reached " + point + " for " + id);
        }
    }

    void resume() {
        released.countDown();
    }
}
