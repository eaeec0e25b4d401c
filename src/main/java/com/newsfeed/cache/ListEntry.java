package com.newsfeed.cache;

/**
 * One member of a cached list: an entity id and its score (a publish time in epoch milliseconds). Lists run newest
 * first: by score, then by id, both descending, as the database's {@code ORDER BY pubdate DESC, id DESC}.
 */
public record ListEntry(long id, long score) {

    /** Whether this entry comes after {@code other} in a newest-first list. */
    public boolean after(ListEntry other) {
        return score < other.score || (score == other.score && id < other.id);
    }
}
