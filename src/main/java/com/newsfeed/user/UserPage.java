package com.newsfeed.user;

import java.util.List;

/**
 * A page of users (followers or followings), newest follow first. {@code total} counts every row, disabled
 * accounts included; {@code items} shows only public profiles.
 */
public record UserPage(List<UserProfile> items, int page, int size, long total) {
}
