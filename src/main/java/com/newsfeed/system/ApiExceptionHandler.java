package com.newsfeed.system;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolationException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.ClassUtils;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.newsfeed.store.StoreUnavailableException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error leaves as an RFC 9457 problem ({@code application/problem+json}). Client mistakes are 4xx with a
 * detail that says what to fix; validation failures list one message per field under {@code errors}.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /** One entry of the {@code errors} list: the offending field and what is wrong with it. */
    record FieldMessage(String field, String message) {
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Map<String, String> byField = new TreeMap<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            byField.putIfAbsent(error.getField(), error.getDefaultMessage());
        }
        ex.getBindingResult().getGlobalErrors()
                .forEach(error -> byField.putIfAbsent(error.getObjectName(), error.getDefaultMessage()));
        return invalid(byField, headers);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Map<String, String> byField = new TreeMap<>();
        ex.getParameterValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors body) { // a @Valid body: name its fields, not the parameter
                body.getFieldErrors().forEach(error -> byField.putIfAbsent(error.getField(),
                        error.getDefaultMessage()));
                if (body.hasFieldErrors()) {
                    return;
                }
            }
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors().stream().findFirst()
                    .map(MessageSourceResolvable::getDefaultMessage)
                    .ifPresent(message -> byField.putIfAbsent(name, message));
        });
        return invalid(byField, headers);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() != null ? ex.getPropertyName() : "value";
        Class<?> type = ex.getRequiredType() != null ? ClassUtils.resolvePrimitiveIfNecessary(ex.getRequiredType())
                : String.class;
        String expected = Number.class.isAssignableFrom(type) ? "a whole number in range"
                : "a valid " + type.getSimpleName();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "'" + name + "' must be " + expected + ".");
        problem.setProperty("errors", List.of(new FieldMessage(name, "must be " + expected)));
        return ResponseEntity.badRequest().headers(headers).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = "The request body is missing or is not valid JSON for this resource.";
        if (ex.getCause() instanceof UnrecognizedPropertyException unknown) {
            detail = "Unknown field '" + unknown.getPropertyName() + "'.";
        } else if (ex.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String path = jackson.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            detail = "Field '" + path + "' has a value of the wrong type or format.";
        }
        return ResponseEntity.badRequest().headers(headers)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail));
    }

    @ExceptionHandler(InvalidFieldException.class)
    ResponseEntity<Object> handleInvalidField(InvalidFieldException ex) {
        return invalid(ex.messagesByField(), HttpHeaders.EMPTY);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex) {
        Map<String, String> byField = new TreeMap<>();
        ex.getConstraintViolations().forEach(violation -> {
            String path = violation.getPropertyPath().toString();
            byField.putIfAbsent(path.substring(path.lastIndexOf('.') + 1), violation.getMessage());
        });
        return invalid(byField, HttpHeaders.EMPTY);
    }

    /** Two writes to one row at once: the later one is refused (nothing changed) and may simply be sent again. */
    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<Object> handleConcurrentWrite(OptimisticLockingFailureException ex) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The resource was changed by another request at the same time; nothing was changed, retry."));
    }

    /**
     * The database cannot be reached (no connection within Hikari's short timeout, or it went away mid-query):
     * 503 with Retry-After, quickly. Reads the caches can answer never get here; a write that fails so never
     * committed, so it changed no cache either.
     */
    @ExceptionHandler({CannotCreateTransactionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessResourceException.class, QueryTimeoutException.class})
    ResponseEntity<ProblemDetail> handleDatabaseUnavailable(Exception ex, WebRequest request) {
        log.warn("Database unavailable on {}: {}", request.getDescription(false), ex.getMessage());
        return DatabaseUnavailable.response();
    }

    /** A read only the store can answer (a ranking, a history), while it cannot: 503, as for the database. */
    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<ProblemDetail> handleStoreUnavailable(StoreUnavailableException ex) {
        log.warn("Store unavailable: {}", ex.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(ProblemDetail.forStatusAndDetail(
                        HttpStatus.SERVICE_UNAVAILABLE, "The store of counters and histories is unavailable; try "
                                + "again shortly."));
    }

    /** Anything unforeseen: logged in full, answered without internals. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        log.error("Unhandled error on {}", request.getDescription(false), ex);
        return ResponseEntity.internalServerError().body(ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred; it has been logged."));
    }

    private static ResponseEntity<Object> invalid(Map<String, String> byField, HttpHeaders headers) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request has invalid fields: " + String.join(", ", byField.keySet()) + ".");
        problem.setTitle("Invalid request");
        problem.setProperty("errors", byField.entrySet().stream()
                .map(entry -> new FieldMessage(entry.getKey(), entry.getValue())).toList());
        return ResponseEntity.badRequest().headers(headers).body(problem);
    }
}
