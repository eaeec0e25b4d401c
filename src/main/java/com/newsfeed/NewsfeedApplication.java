package com.newsfeed;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The news-feed cache service: users, channels, articles and announcements behind a multi-level cache. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NewsfeedApplication {

    public static void main(String[] args) {
        SpringApplication.run(NewsfeedApplication.class, args);
    }
}
