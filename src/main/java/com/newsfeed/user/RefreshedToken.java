package com.newsfeed.user;

/** What {@code PUT /api/authorizations} answers: a new access token. */
public record RefreshedToken(String token) {
}
