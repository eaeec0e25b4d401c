package com.newsfeed.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 with Retry-After when a filter's database read fails with the database away: the admin check of
 * Spring Security reads the account ({@code ActiveAdmin}), outside Spring MVC and its exception handler. Without
 * this, the failure reached Tomcat, which answered through the error page but logged every such request as an
 * unhandled exception with its stack trace; an outage is an expected state, worth a warning line.
 */
class DatabaseOutageFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

    private final ProblemWriter problems;

    DatabaseOutageFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException failure) {
            if (!DatabaseUnavailable.causedBy(failure) || response.isCommitted()) {
                throw failure;
            }
            log.warn("{} {}: the database is unavailable ({})", request.getMethod(), request.getRequestURI(),
                    failure.getMessage());
            response.reset();
            DatabaseUnavailable.write(response, problems);
        }
    }
}
