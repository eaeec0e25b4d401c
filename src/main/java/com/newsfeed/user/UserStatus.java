package com.newsfeed.user;

/** Whether the account may be used; a disabled account's profile is not public. */
public enum UserStatus {
    ENABLED, DISABLED
}
