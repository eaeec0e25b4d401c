package com.newsfeed.cache;

import java.util.List;

/** The ids of the newest entities, newest first: what a warm-up fills the cache with. */
@FunctionalInterface
public interface NewestIds {

    List<Long> newest(int count);
}
