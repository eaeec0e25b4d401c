package com.newsfeed.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import com.github.benmanes.caffeine.cache.Ticker;

/** A cache clock that never moves: no L1 entry expires, and no wait of the read path times out. */
@TestConfiguration(proxyBeanMethods = false)
public class FrozenCacheClock {

    @Bean
    @Primary
    Ticker frozenCacheTicker() {
        return () -> 1_000_000_000L;
    }
}
