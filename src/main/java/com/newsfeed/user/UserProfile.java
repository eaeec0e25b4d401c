package com.newsfeed.user;

import java.time.LocalDate;

/**
 * The public profile of an enabled user: everything but the mobile number and the account status. {@code version}
 * grows with every change (it is the row's optimistic-lock version), so caches can tell an older copy from a newer.
 */
public record UserProfile(long id, String name, String photo, String intro, String certification, boolean isMedia,
        Gender gender, LocalDate birthday, long version) {

    static UserProfile of(User user) {
        return new UserProfile(user.getId(), user.getName(), user.getPhoto(), user.getIntro(),
                user.getCertification(), user.isMedia(), user.getGender(), user.getBirthday(), user.getVersion());
    }
}
