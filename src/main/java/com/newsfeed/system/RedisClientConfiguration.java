package com.newsfeed.system;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lettuce.core.ClientOptions;

/**
 * Lettuce fails fast while it is disconnected, instead of queueing commands until their timeout: with Redis down,
 * a read then goes on to the database at once. (Measured with bench/redis-outage: the queueing made reads during
 * the first seconds of an outage wait close to a second.)
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

    @Bean
    LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }
}
