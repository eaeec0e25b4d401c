package com.newsfeed.user;

import java.time.LocalDate;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.hibernate.validator.constraints.URL;

/** Body of {@code POST /api/users}. */
public record CreateUserRequest(
        @NotBlank @Size(max = 64) String name,
        @NotBlank @Pattern(regexp = "\\+?[0-9]{6,15}", message = "must be 6 to 15 digits, optionally after a +")
        String mobile,
        @URL @Size(max = 255) String photo,
        @Size(max = 512) String intro,
        @Size(max = 128) String certification,
        Boolean isMedia,
        Gender gender,
        @Past LocalDate birthday) {
}
