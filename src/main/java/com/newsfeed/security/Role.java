package com.newsfeed.security;

/** What an account may do: readers write their own content; admins may do all, and run the caches. */
public enum Role {
    USER,
    ADMIN
}
