package com.newsfeed.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import com.newsfeed.system.ProblemWriter;

/**
 * Spring Security's refusals as problem details: 401 and 403 carry the bearer scheme's {@code WWW-Authenticate}
 * header (RFC 6750) and a body; a request the firewall rejects (an encoded slash, dot segments, a NUL) is a 400
 * rather than the container's error page. The header is written here rather than by Spring's bearer entry point,
 * which since Security 7 adds a {@code resource_metadata} URL built from the request's Host header.
 */
final class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler,
        RequestRejectedHandler {

    /** What a request that needs a token and came without one is told, wherever that is found out. */
    static final String NEEDS_A_TOKEN = "This needs a bearer token: log in with POST /api/authorizations.";

    private final ProblemWriter problems;

    ProblemAuthenticationHandlers(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        if (failure instanceof OAuth2AuthenticationException invalid) {
            HttpStatus status = invalid.getError() instanceof BearerTokenError bearer ? bearer.getHttpStatus()
                    : HttpStatus.UNAUTHORIZED;
            String code = invalid.getError().getErrorCode(); // invalid_token or invalid_request: no quotes
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"" + code + "\"");
            problems.write(response, status, status == HttpStatus.BAD_REQUEST
                    ? "The Authorization header is malformed; send \"Bearer <token>\"."
                    : "The bearer token is invalid or has expired; log in again or refresh it.");
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        problems.write(response, HttpStatus.UNAUTHORIZED, NEEDS_A_TOKEN);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                "Bearer error=\"insufficient_scope\", error_description=\"this needs another role\"");
        problems.write(response, HttpStatus.FORBIDDEN, "Your account may not do this.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        problems.write(response, HttpStatus.BAD_REQUEST,
                "The request URL is malformed (an encoded slash, backslash, NUL or dot segment, or a bad character).");
    }
}
