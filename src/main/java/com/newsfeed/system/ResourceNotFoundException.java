package com.newsfeed.system;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A 404 problem for an entity that does not exist or is not visible (deleted, draft). */
public class ResourceNotFoundException extends ErrorResponseException {

    public ResourceNotFoundException(String entity, Object id) {
        super(HttpStatus.NOT_FOUND, problem(entity, id), null);
    }

    private static ProblemDetail problem(String entity, Object id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No " + entity + " with id " + id + ".");
        problem.setTitle("Not Found");
        return problem;
    }
}
