package com.newsfeed.system;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;

/**
 * Lettuce fails fast while it is disconnected, instead of queueing commands until their timeout: with Redis down,
 * a read then goes on to the database at once. (Measured with bench/redis-outage: the queueing made reads during
 * the first seconds of an outage wait close to a second.) On a cluster the same holds per node, and Lettuce follows
 * a failover by itself (adaptive topology refresh, see {@link RedisClusterProperties}).
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

    @Bean
    LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected(RedisClusterProperties cluster) {
        return options -> {
            options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
            if (options instanceof ClusterClientOptions.Builder clusterOptions) {
                clusterOptions.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(cluster.adaptiveRefreshPause())
                        .enablePeriodicRefresh(cluster.periodicRefresh())
                        .dynamicRefreshSources(true).build());
            }
        };
    }
}
