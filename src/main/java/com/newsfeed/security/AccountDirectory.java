package com.newsfeed.security;

import java.util.Optional;

/**
 * What an account may do now, from the database: a token carries the role it was issued with, but a disabled
 * account, or a demoted admin, must lose its rights at once rather than when the token expires. The user feature
 * implements it; security knows no feature.
 */
public interface AccountDirectory {

    /** The account's role, or empty when it does not exist or is disabled. */
    Optional<Role> activeRole(long userId);
}
