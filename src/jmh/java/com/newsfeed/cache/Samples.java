package com.newsfeed.cache;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.newsfeed.article.ArticleInfo;
import com.newsfeed.user.Gender;
import com.newsfeed.user.UserProfile;

/** Values shaped like the demo data's (title and intro lengths, URLs, bodies of 1 to 4 KB), made from the id. */
final class Samples {

    private Samples() {
    }

    static ArticleInfo articleInfo(long id) {
        return new ArticleInfo(id, 1 + id % 150, (int) (1 + id % 10), "How a cache keeps " + id + " readers happy",
                List.of("https://img.newsfeed.test/covers/" + id + "-1.jpg",
                        "https://img.newsfeed.test/covers/" + id + "-2.jpg"),
                id % 10 != 0, Instant.parse("2026-11-01T08:00:00.123Z").plusSeconds(id * 37));
    }

    static UserProfile userProfile(long id) {
        return new UserProfile(id, "Reader " + id, "https://img.newsfeed.test/avatars/" + id + ".jpg",
                "Writes about caches, databases and the people who keep them running.", id % 3 == 0 ? "Verified" : null,
                id % 5 == 0, Gender.values()[(int) (id % 3)], LocalDate.of(1990, 1, 1).plusDays(id), 1 + id % 4);
    }

    /** An article body of 1 to 4 KB, as in the demo data. */
    static String body(long id) {
        return "x".repeat(1_000 + (int) (id * 7_919 % 3_000));
    }
}
