package com.newsfeed.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/authorizations}. */
public record LoginRequest(
        @NotBlank @Pattern(regexp = "\\+?[0-9]{6,15}", message = "must be 6 to 15 digits, optionally after a +")
        String mobile,
        @NotBlank @Size(max = 72) String password) {
}
