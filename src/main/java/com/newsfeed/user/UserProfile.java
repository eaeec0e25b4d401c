package com.newsfeed.user;

import java.time.LocalDate;

/** The public profile of an enabled user: everything but the mobile number and the account status. */
public record UserProfile(long id, String name, String photo, String intro, String certification, boolean isMedia,
        Gender gender, LocalDate birthday) {

    static UserProfile of(User user) {
        return new UserProfile(user.getId(), user.getName(), user.getPhoto(), user.getIntro(),
                user.getCertification(), user.isMedia(), user.getGender(), user.getBirthday());
    }
}
