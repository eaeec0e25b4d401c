package com.newsfeed.security;

import java.util.function.Supplier;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Admits an admin whose account is an admin now: the token must say ADMIN and the database must agree, so a
 * disabled or demoted admin's unexpired token opens nothing (one primary-key read per admin request).
 */
final class ActiveAdmin implements AuthorizationManager<RequestAuthorizationContext> {

    private static final String ADMIN_AUTHORITY = "ROLE_" + Role.ADMIN.name();

    private final AccountDirectory accounts;

    ActiveAdmin(AccountDirectory accounts) {
        this.accounts = accounts;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
            RequestAuthorizationContext request) {
        if (!(authentication.get() instanceof JwtAuthenticationToken token) || token.getAuthorities().stream()
                .noneMatch(granted -> ADMIN_AUTHORITY.equals(granted.getAuthority()))) {
            return new AuthorizationDecision(false);
        }
        boolean stillAdmin = accounts.activeRole(TokenService.userOf(token.getToken()))
                .filter(role -> role == Role.ADMIN).isPresent();
        return new AuthorizationDecision(stillAdmin);
    }
}
