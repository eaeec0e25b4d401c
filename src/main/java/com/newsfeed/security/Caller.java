package com.newsfeed.security;

import org.springframework.security.access.AccessDeniedException;

/**
 * The authenticated caller of a request: the access token's user, with the role the account has now (an account
 * disabled since the token was issued gets no Caller, but a 403). A controller takes it as a parameter, and the
 * services decide ownership with it (they have the row at hand; a URL rule would need a read of its own).
 */
public record Caller(long userId, Role role) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Refuses with 403 unless the caller owns the resource or is an admin. */
    public void requireOwnerOrAdmin(long ownerId, String what) {
        if (userId != ownerId && !isAdmin()) {
            throw new AccessDeniedException("Only its owner or an admin may change this " + what + ".");
        }
    }

    /** Refuses with 403 unless the caller is an admin. */
    public void requireAdmin(String what) {
        if (!isAdmin()) {
            throw new AccessDeniedException("Only an admin may " + what + ".");
        }
    }
}
