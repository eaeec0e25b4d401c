package com.newsfeed.article;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import com.newsfeed.system.WebUrl;

/**
 * Body of {@code PATCH /api/articles/{id}}: a field left out (or null) keeps its value; {@code draft: false}
 * publishes a draft, {@code draft: true} takes a published article back to draft.
 */
public record UpdateArticleRequest(
        @Positive Integer channelId,
        @Size(min = 1, max = 128) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String title,
        @Size(min = 1, max = 65_535) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String content,
        @Size(max = 3) List<@NotNull @WebUrl String> coverImages,
        Boolean allowComment,
        Boolean draft) {
}
