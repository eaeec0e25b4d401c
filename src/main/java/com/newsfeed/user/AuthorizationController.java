package com.newsfeed.user;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.newsfeed.security.TokenService;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

/** Logging in and refreshing, as the Toutiao app does: {@code /api/authorizations}. */
@RestController
@RequestMapping("/api/authorizations")
class AuthorizationController {

    private final AccountService accounts;

    AuthorizationController(AccountService accounts) {
        this.accounts = accounts;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Log in (anyone): an access token and a refresh token; repeated failures get 429")
    TokenService.Tokens login(@RequestBody @Valid LoginRequest request, HttpServletRequest http) {
        return accounts.login(request, http.getRemoteAddr());
    }

    @PutMapping
    @Operation(summary = "A new access token (the refresh token as the bearer)",
            security = @SecurityRequirement(name = "bearer"))
    RefreshedToken refresh(@AuthenticationPrincipal Jwt refreshToken) {
        return accounts.refresh(TokenService.userOf(refreshToken));
    }
}
