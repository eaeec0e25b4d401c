package com.newsfeed.system;

import java.util.Map;
import java.util.TreeMap;

/**
 * Request fields that passed bean validation but name something that does not exist (an author, a channel).
 * Answered with the same 400 problem, and the same {@code errors} list, as a bean validation failure.
 */
public class InvalidFieldException extends RuntimeException {

    private final Map<String, String> messagesByField;

    public InvalidFieldException(String field, String message) {
        this(Map.of(field, message));
    }

    public InvalidFieldException(Map<String, String> messagesByField) {
        super("invalid fields: " + messagesByField.keySet());
        this.messagesByField = new TreeMap<>(messagesByField);
    }

    public Map<String, String> messagesByField() {
        return messagesByField;
    }
}
