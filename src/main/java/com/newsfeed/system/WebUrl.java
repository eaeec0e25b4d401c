package com.newsfeed.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.hibernate.validator.constraints.URL;

/**
 * An image or profile URL a browser may load: http or https, printable ASCII only (no whitespace: cover images are
 * stored space-separated; no control characters; other scripts percent-encoded), at most 255 characters.
 * Hibernate's {@code @URL} alone takes {@code file:}, {@code ftp:} and URLs with spaces.
 */
@Documented
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@URL
@Pattern(regexp = "https?://[\\x21-\\x7E]+")
@Size(min = 1, max = 255)
public @interface WebUrl {

    String message() default "must be an http(s) URL of printable ASCII, at most 255 characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
