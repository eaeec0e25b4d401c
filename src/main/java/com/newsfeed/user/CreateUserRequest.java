package com.newsfeed.user;

import java.time.LocalDate;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;


import com.newsfeed.system.PlausibleBirthday;
import com.newsfeed.system.WebUrl;

/**
 * Body of {@code POST /api/users}: signing up. The password is hashed at once; bcrypt reads at most 72 bytes of it,
 * so a longer one is refused rather than cut. Certification and media status are granted by an admin (PATCH).
 */
public record CreateUserRequest(
        @NotBlank @Size(max = 64) String name,
        @NotBlank @Pattern(regexp = "\\+?[0-9]{6,15}", message = "must be 6 to 15 digits, optionally after a +")
        String mobile,
        @NotBlank @Size(min = 8, max = 72) String password,
        @WebUrl String photo,
        @Size(max = 512) String intro,
        Gender gender,
        @PlausibleBirthday LocalDate birthday) {
}
