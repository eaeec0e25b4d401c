package com.newsfeed.cache.remote;

/**
 * What one Redis key held: a value (with its JSON), a "does not exist" marker, nothing, or something this release
 * cannot read; and its remaining time to live.
 *
 * @param remainingMillis the key's PTTL; {@link Long#MAX_VALUE} for a key without one
 */
public record RemoteRead<V>(State state, V value, byte[] json, long remainingMillis) {

    /** UNREADABLE: written by another release or layout (or garbage): a miss that the next fill overwrites. */
    public enum State { VALUE, ABSENT, MISS, UNREADABLE }

    public static <V> RemoteRead<V> miss() {
        return new RemoteRead<>(State.MISS, null, null, -2);
    }

    public static <V> RemoteRead<V> unreadable() {
        return new RemoteRead<>(State.UNREADABLE, null, null, -2);
    }

    /** A value or a marker: something to answer with. */
    public boolean found() {
        return state == State.VALUE || state == State.ABSENT;
    }
}
