package com.newsfeed.cache;

/** How a value is stored in Redis, chosen per cache (see the benchmark for memory and speed of each). */
public enum L2Layout {
    /** One JSON document: GET, SET with PX. Less Redis memory; (de)serialisation happens in the app. */
    STRING,
    /** One field per attribute: HGETALL, HSET + PEXPIRE. More memory; single fields can be updated in place. */
    HASH,
    /** A sorted set per list, with a marker member: the layout of list caches ({@code ListCache}), and only theirs. */
    ZSET
}
