package com.newsfeed.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalDate;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A birthday a living person can have: from 1900-01-01 to today (the validator's clock). Far-off dates (the year
 * 0, a nine-digit year, the 1582 calendar switch) do not survive a trip through a SQL DATE unchanged, so a range
 * that keeps people in is also the range that round-trips exactly.
 */
@Documented
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PlausibleBirthday.Validator.class)
public @interface PlausibleBirthday {

    String message() default "must be a date from 1900-01-01 to today";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Null is valid (the field is optional); the upper bound moves with the clock Bean Validation is given. */
    final class Validator implements ConstraintValidator<PlausibleBirthday, LocalDate> {

        static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

        @Override
        public boolean isValid(LocalDate birthday, ConstraintValidatorContext context) {
            if (birthday == null) {
                return true;
            }
            LocalDate today = LocalDate.now(context.getClockProvider().getClock());
            return !birthday.isBefore(EARLIEST) && !birthday.isAfter(today);
        }
    }
}
