package com.newsfeed.cache;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Per benchmark thread: walks ids 1..1024 in turn, so every call reads another preloaded key. */
@State(Scope.Thread)
public class KeyCursor {

    static final int KEYS = 1_024;

    private long next;

    long id() {
        return (next++ & (KEYS - 1)) + 1;
    }
}
