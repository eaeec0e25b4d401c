package com.newsfeed.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, with 415, a request whose Content-Type is not one concrete media type: unparseable, a wildcard
 * ({@code *}{@code /*}, {@code application/*}), or an unknown charset. Spring MVC reads such headers deep in body
 * conversion and fails with an IllegalArgumentException (a 500) instead of saying what is wrong.
 */
class ContentTypeFilter extends OncePerRequestFilter {

    private final ProblemWriter problems;

    ContentTypeFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (header != null) {
            String wrong = wrongWith(header);
            if (wrong != null) {
                problems.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The Content-Type " + wrong
                        + "; send application/json.");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** What is wrong with the header, or null when it names one media type. */
    private static String wrongWith(String header) {
        MediaType type;
        try {
            type = MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            return "is not a valid media type";
        }
        if (type.isWildcardType() || type.isWildcardSubtype()) {
            return "is a wildcard, not a media type";
        }
        return null;
    }
}
