package com.newsfeed.user;

import java.time.LocalDate;

/**
 * The shape of {@code GET /api/users/{id}}, for the API description: the public profile with its counts last (null
 * when the store could not give them). The response itself is the cached profile's JSON with the counts spliced in.
 */
record ProfileWithCounts(long id, String name, String photo, String intro, String certification, boolean isMedia,
        Gender gender, LocalDate birthday, long version, UserCounts counts) {
}
