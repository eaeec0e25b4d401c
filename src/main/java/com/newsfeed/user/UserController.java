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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.newsfeed.system.CachedJsonResponses;
import com.newsfeed.system.Ids;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

@RestController
@RequestMapping("/api/users")
class UserController {

    private final UserService users;
    private final CachedJsonResponses responses;

    UserController(UserService users, CachedJsonResponses responses) {
        this.users = users;
        this.responses = responses;
    }

    @GetMapping("/{id}")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = UserProfile.class)))
    ResponseEntity<byte[]> get(@PathVariable long id) {
        return responses.ok(users.getProfile(Ids.requirePositive(id)));
    }

    @PostMapping
    ResponseEntity<UserProfile> create(@RequestBody @Valid CreateUserRequest request) {
        UserProfile created = users.create(request);
        return ResponseEntity.created(URI.create("/api/users/" + created.id())).body(created);
    }

    @PatchMapping("/{id}")
    UserProfile update(@PathVariable @Positive long id, @RequestBody @Valid UpdateUserRequest request) {
        return users.update(id, request);
    }
}
