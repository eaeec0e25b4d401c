package com.newsfeed.security;

import org.springframework.security.access.AccessDeniedException;

/**
 * The authenticated caller of a request, from its access token: a controller takes it as a parameter, and the
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
