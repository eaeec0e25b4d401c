package com.newsfeed.system;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The database cannot be reached (no connection within Hikari's short timeout, or it went away mid-query): one
 * answer, 503 with Retry-After, whether a controller (ApiExceptionHandler) or a filter (DatabaseOutageFilter;
 * ProblemErrorController for what still reaches the container) met it.
 */
final class DatabaseUnavailable {

    private static final String RETRY_AFTER_SECONDS = "5";
    private static final String DETAIL = "The database is unavailable; try again shortly.";

    private DatabaseUnavailable() {
    }

    static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessResourceException
                    || cause instanceof QueryTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The same answer, written straight to the response: for a filter, outside Spring MVC. */
    static void write(HttpServletResponse response, ProblemWriter problems) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, DETAIL);
    }

    static ResponseEntity<ProblemDetail> response() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER,
                RETRY_AFTER_SECONDS).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, DETAIL));
    }
}
