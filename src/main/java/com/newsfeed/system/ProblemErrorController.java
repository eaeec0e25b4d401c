package com.newsfeed.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error dispatch ({@code /error}: a filter's {@code sendError}, an error outside Spring MVC) as a
 * problem, in place of Boot's {@code {timestamp, status, error, path}} body and its HTML page for browsers.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping(path = "/error", produces = MediaType.ALL_VALUE)
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) { // asked for directly, not an error dispatch: nothing is here
            return problem(HttpStatus.NOT_FOUND);
        }
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && DatabaseUnavailable.causedBy(failure)) { // a filter's database read (the admin check) failed
            return DatabaseUnavailable.response();
        }
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                && HttpStatus.resolve(value).isError() ? HttpStatus.resolve(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        return problem(status);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(status, ErrorDetails.of(status)));
    }
}
