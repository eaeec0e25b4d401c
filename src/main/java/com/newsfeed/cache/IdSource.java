package com.newsfeed.cache;

import java.util.function.LongConsumer;

/** Every id that exists in the source of truth, streamed: what a bloom filter is built from. */
@FunctionalInterface
public interface IdSource {

    void forEachId(LongConsumer sink);
}
