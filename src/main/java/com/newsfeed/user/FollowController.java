package com.newsfeed.user;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.newsfeed.security.Caller;
import com.newsfeed.system.PageParameters;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

@RestController
class FollowController {

    private final FollowService follows;

    FollowController(FollowService follows) {
        this.follows = follows;
    }

    @PostMapping("/api/user/followings/{userId}")
    @Operation(summary = "Follow a user; following again changes nothing (any logged-in user)",
            security = @SecurityRequirement(name = "bearer"))
    ResponseEntity<Void> follow(@PathVariable @Positive long userId, Caller caller) {
        follows.follow(caller, userId);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/user/followings/{userId}")
    @Operation(summary = "Stop following a user; idempotent (any logged-in user)",
            security = @SecurityRequirement(name = "bearer"))
    ResponseEntity<Void> unfollow(@PathVariable @Positive long userId, Caller caller) {
        follows.unfollow(caller, userId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/users/{id}/followers")
    @Operation(summary = "Who follows a user, newest first, by page number (anyone)")
    UserPage followers(@PathVariable @Positive long id,
            @RequestParam(required = false) @Min(1) @Max(10_000) Integer page,
            @RequestParam(required = false) @Min(1) @Max(100) Integer size) {
        return follows.followers(id, PageParameters.page(page), PageParameters.size(size));
    }

    @GetMapping("/api/users/{id}/followings")
    @Operation(summary = "Whom a user follows, newest first, by page number (anyone)")
    UserPage followings(@PathVariable @Positive long id,
            @RequestParam(required = false) @Min(1) @Max(10_000) Integer page,
            @RequestParam(required = false) @Min(1) @Max(100) Integer size) {
        return follows.followings(id, PageParameters.page(page), PageParameters.size(size));
    }
}
