package com.newsfeed.announcement;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code PATCH /api/announcements/{id}}: a field left out (or null) keeps its value. */
public record UpdateAnnouncementRequest(
        @Size(min = 1, max = 128) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String title,
        @Size(min = 1, max = 65_535) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String content,
        Boolean draft) {
}
