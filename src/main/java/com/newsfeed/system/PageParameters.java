package com.newsfeed.system;

/**
 * Defaults of the optional paging parameters. They are applied here rather than by {@code @RequestParam}'s
 * {@code defaultValue}, which Spring also uses for a parameter sent empty ({@code size=}): an empty value is a
 * client mistake (400), not a request for the default.
 */
public final class PageParameters {

    public static final int DEFAULT_SIZE = 20;

    private PageParameters() {
    }

    public static int size(Integer size) {
        return size == null ? DEFAULT_SIZE : size;
    }

    public static int page(Integer page) {
        return page == null ? 1 : page;
    }
}
