package com.newsfeed.system;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One injected clock, so time-dependent code is tested by moving a clock rather than by sleeping. */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    /** A test replaces it with a {@code @Primary} fixed or moving clock. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
