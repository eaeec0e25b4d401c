package com.newsfeed.system;

import org.springframework.http.HttpStatus;

/** A plain detail for an error raised outside the application, where nothing more specific is known. */
final class ErrorDetails {

    private ErrorDetails() {
    }

    static String of(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "The request is malformed (its URL, a header, or its framing).";
            case NOT_FOUND -> "There is nothing at this URL.";
            case METHOD_NOT_ALLOWED -> "This URL does not take this method.";
            case CONTENT_TOO_LARGE -> "The request body is too large.";
            case URI_TOO_LONG -> "The request URL is too long.";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request headers are too large.";
            case INTERNAL_SERVER_ERROR -> "An unexpected error occurred; it has been logged.";
            default -> status.getReasonPhrase() + ".";
        };
    }
}
