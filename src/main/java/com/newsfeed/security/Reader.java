package com.newsfeed.security;

import java.util.Optional;

/**
 * Whoever makes a public read: the access token's user, if the request carries a valid one, else nobody. Taken
 * from the token alone (no account is read), since a read only records what its reader read (a history), and a
 * disabled account's unexpired token can do no more than that.
 */
public record Reader(Optional<Long> userId) {

    public static final Reader ANONYMOUS = new Reader(Optional.empty());
}
