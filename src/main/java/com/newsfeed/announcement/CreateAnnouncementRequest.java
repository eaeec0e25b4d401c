package com.newsfeed.announcement;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/announcements}; published at once unless {@code draft} is true. */
public record CreateAnnouncementRequest(
        @NotBlank @Size(max = 128) String title,
        @NotBlank @Size(max = 65_535) String content,
        Boolean draft) {
}
