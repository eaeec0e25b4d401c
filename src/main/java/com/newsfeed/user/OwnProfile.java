package com.newsfeed.user;

import java.time.LocalDate;

import com.newsfeed.security.Role;

/** {@code GET /api/user}: the caller's own account, the one place its mobile number is shown. */
public record OwnProfile(long id, String name, String mobile, String photo, String intro, String certification,
        boolean isMedia, Gender gender, LocalDate birthday, UserStatus status, Role role, long version) {

    static OwnProfile of(User user) {
        return new OwnProfile(user.getId(), user.getName(), user.getMobile(), user.getPhoto(), user.getIntro(),
                user.getCertification(), user.isMedia(), user.getGender(), user.getBirthday(), user.getStatus(),
                user.getRole(), user.getVersion());
    }
}
