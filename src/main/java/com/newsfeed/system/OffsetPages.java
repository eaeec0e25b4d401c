package com.newsfeed.system;

import org.springframework.data.domain.PageRequest;

/** Numbered pages as a list's offset and size. */
public final class OffsetPages {

    private OffsetPages() {
    }

    /** The page starting at {@code offset}: numbered pages start at a multiple of their size, all a page request says. */
    public static PageRequest of(int offset, int limit) {
        if (offset % limit != 0) {
            throw new IllegalArgumentException("offset " + offset + " is not a multiple of " + limit);
        }
        return PageRequest.of(offset / limit, limit);
    }
}
