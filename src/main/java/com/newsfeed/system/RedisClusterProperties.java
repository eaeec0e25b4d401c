package com.newsfeed.system;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Lettuce follows a Redis Cluster's topology (only with {@code spring.data.redis.cluster.nodes}). Spring Boot's
 * own {@code spring.data.redis.lettuce.cluster.refresh.*} leave Lettuce's 30 s pause between two adaptive refreshes:
 * a refresh that a dying master triggers comes before the cluster promoted its replica, and the next one would
 * come 30 s later, with that master's slots unreachable meanwhile. These settings replace Boot's refresh options.
 *
 * @param adaptiveRefreshPause the least time between two refreshes triggered by events (MOVED and ASK replies,
 *                             reconnects that keep failing, a slot no node serves)
 * @param periodicRefresh      how often the topology is read anyway
 */
@Validated
@ConfigurationProperties("newsfeed.redis.cluster")
public record RedisClusterProperties(@NotNull @DefaultValue("1s") Duration adaptiveRefreshPause,
        @NotNull @DefaultValue("10s") Duration periodicRefresh) {
}
