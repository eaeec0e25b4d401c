package com.newsfeed.article;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import com.newsfeed.system.WebUrl;

/** Body of {@code POST /api/articles}; published at once unless {@code draft} is true. The author is the caller. */
public record CreateArticleRequest(
        @NotNull @Positive Integer channelId,
        @NotBlank @Size(max = 128) String title,
        @NotBlank @Size(max = 65_535) String content,
        @Size(max = 3) List<@NotNull @WebUrl String> coverImages,
        Boolean allowComment,
        Boolean draft) {
}
