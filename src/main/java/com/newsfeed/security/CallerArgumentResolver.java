package com.newsfeed.security;

import org.springframework.core.MethodParameter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives a controller method's {@link Caller} parameter the access token's user with the role the account has now
 * (401 without a token; 403 when the account is gone or disabled, though its token has not expired).
 */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    private final AccountDirectory accounts;

    CallerArgumentResolver(AccountDirectory accounts) {
        this.accounts = accounts;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
            NativeWebRequest request, WebDataBinderFactory binders) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt token)) {
            throw new AuthenticationCredentialsNotFoundException("no access token");
        }
        long userId = TokenService.userOf(token);
        Role role = accounts.activeRole(userId)
                .orElseThrow(() -> new AccessDeniedException("This account is disabled or no longer exists."));
        return new Caller(userId, role);
    }
}
