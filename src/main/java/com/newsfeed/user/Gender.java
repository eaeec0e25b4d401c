package com.newsfeed.user;

public enum Gender {
    UNKNOWN, MALE, FEMALE
}
