package com.newsfeed.security;

import java.util.List;

import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Gives a controller method's {@link Caller} parameter the access token's user; 401 when there is none. */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

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
        return callerOf(token);
    }

    /** The subject and role of a token this service signed (the decoder has checked signature and claims). */
    static Caller callerOf(Jwt token) {
        List<String> roles = token.getClaimAsStringList(TokenService.ROLES_CLAIM);
        Role role = roles != null && roles.contains(Role.ADMIN.name()) ? Role.ADMIN : Role.USER;
        return new Caller(TokenService.userOf(token), role);
    }
}
