package com.newsfeed.user;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.newsfeed.security.Caller;
import com.newsfeed.system.CachedJsonResponses;
import com.newsfeed.system.Ids;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

@RestController
class UserController {

    private final UserService users;
    private final AccountService accounts;
    private final UserStatistics statistics;
    private final CachedJsonResponses responses;

    UserController(UserService users, AccountService accounts, UserStatistics statistics,
            CachedJsonResponses responses) {
        this.users = users;
        this.accounts = accounts;
        this.statistics = statistics;
        this.responses = responses;
    }

    @GetMapping("/api/users/{id}")
    @Operation(summary = "A user's public profile, with its counts (anyone)")
    @ApiResponse(responseCode = "200",
            content = @Content(schema = @Schema(implementation = ProfileWithCounts.class)))
    ResponseEntity<byte[]> get(@PathVariable long id) {
        return responses.ok(statistics.withCounts(users.getProfile(Ids.requirePositive(id))));
    }

    @GetMapping("/api/user")
    @Operation(summary = "The caller's own account, mobile included (any logged-in user)",
            security = @SecurityRequirement(name = "bearer"))
    OwnProfile own(Caller caller) {
        return accounts.ownProfile(caller.userId());
    }

    @PostMapping("/api/users")
    @Operation(summary = "Sign up (anyone); log in afterwards with the mobile and password")
    ResponseEntity<UserProfile> create(@RequestBody @Valid CreateUserRequest request) {
        UserProfile created = users.create(request);
        return ResponseEntity.created(URI.create("/api/users/" + created.id())).body(created);
    }

    @PatchMapping("/api/users/{id}")
    @Operation(summary = "Edit a profile (its owner or an admin; status, isMedia and certification: admins only)",
            security = @SecurityRequirement(name = "bearer"))
    UserProfile update(@PathVariable @Positive long id, @RequestBody @Valid UpdateUserRequest request,
            Caller caller) {
        return users.update(id, request, caller);
    }
}
