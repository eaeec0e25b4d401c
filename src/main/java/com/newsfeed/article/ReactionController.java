package com.newsfeed.article;

import jakarta.validation.constraints.Positive;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.newsfeed.security.Caller;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

/** A reader's likes and collections: each idempotent, each answered with the article's state after it. */
@RestController
class ReactionController {

    private final ReactionService reactions;

    ReactionController(ReactionService reactions) {
        this.reactions = reactions;
    }

    @GetMapping("/api/articles/{id}/reactions")
    @Operation(summary = "Whether the caller likes and collects an article, with its counts (any logged-in user)",
            security = @SecurityRequirement(name = "bearer"))
    ReaderActions get(@PathVariable @Positive long id, Caller caller) {
        return reactions.actionsOf(id, caller);
    }

    @PostMapping("/api/articles/{id}/likes")
    @Operation(summary = "Like an article; liking it again changes nothing (any logged-in user)",
            security = @SecurityRequirement(name = "bearer"))
    ReaderActions like(@PathVariable @Positive long id, Caller caller) {
        return reactions.react(id, Reaction.LIKE, true, caller);
    }

    @DeleteMapping("/api/articles/{id}/likes")
    @Operation(summary = "Take back a like; idempotent (any logged-in user)",
            security = @SecurityRequirement(name = "bearer"))
    ReaderActions unlike(@PathVariable @Positive long id, Caller caller) {
        return reactions.react(id, Reaction.LIKE, false, caller);
    }

    @PostMapping("/api/articles/{id}/collections")
    @Operation(summary = "Collect (bookmark) an article; idempotent (any logged-in user)",
            security = @SecurityRequirement(name = "bearer"))
    ReaderActions collect(@PathVariable @Positive long id, Caller caller) {
        return reactions.react(id, Reaction.COLLECTION, true, caller);
    }

    @DeleteMapping("/api/articles/{id}/collections")
    @Operation(summary = "Take back a collection; idempotent (any logged-in user)",
            security = @SecurityRequirement(name = "bearer"))
    ReaderActions uncollect(@PathVariable @Positive long id, Caller caller) {
        return reactions.react(id, Reaction.COLLECTION, false, caller);
    }
}
