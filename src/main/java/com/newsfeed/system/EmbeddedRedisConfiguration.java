package com.newsfeed.system;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real redis-server (shipped inside the embedded-redis jar) on a free loopback port, so that
 * {@code ./mvnw spring-boot:run} and the tests need nothing installed, and points Spring Data Redis at it.
 * Off in the {@code mysql} profile, which uses a real Redis through the standard {@code spring.data.redis.*}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "newsfeed.embedded-redis.enabled", havingValue = "true")
class EmbeddedRedisConfiguration {

    @Bean(destroyMethod = "stop")
    EmbeddedRedis embeddedRedis() {
        return EmbeddedRedis.startOnFreePort();
    }

    /** Replaces the property-based connection details: the port is only known once the server runs. */
    @Bean
    DataRedisConnectionDetails embeddedRedisConnectionDetails(EmbeddedRedis redis) {
        return new DataRedisConnectionDetails() {
            @Override
            public Standalone getStandalone() {
                return Standalone.of(EmbeddedRedis.HOST, redis.port());
            }
        };
    }
}
