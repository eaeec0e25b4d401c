package com.newsfeed.user;

import java.time.LocalDate;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;


import com.newsfeed.system.PlausibleBirthday;
import com.newsfeed.system.WebUrl;

/**
 * Body of {@code PATCH /api/users/{id}}: a field left out (or null) keeps its value. {@code status} is for admins
 * only.
 */
public record UpdateUserRequest(
        @Size(min = 1, max = 64) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
        @WebUrl String photo,
        @Size(max = 512) String intro,
        @Size(max = 128) String certification,
        Boolean isMedia,
        Gender gender,
        @PlausibleBirthday LocalDate birthday,
        UserStatus status) {
}
