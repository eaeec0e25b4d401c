package com.newsfeed.peers;

import java.util.Optional;
import java.util.function.LongFunction;

import org.redisson.Redisson;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.map.MapLoader;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.config.Config;

/**
 * Redisson's {@code RLocalCachedMap} as its documentation recommends for a local cache in front of Redis: a Redis
 * hash with a bounded LRU local cache per node, the {@code INVALIDATE} sync strategy (a change is published, the
 * other nodes drop their copy), the {@code CLEAR} reconnection strategy (a node that lost its connection empties its
 * local cache when it is back, since it may have missed invalidations) and a {@code MapLoader} for read-through.
 * Its Redis hash cannot expire entry by entry (that is {@code RLocalCachedMapCache}, Redisson PRO): the L2 TTL is
 * the one setting it cannot match.
 */
final class RedissonContender {

    private RedissonContender() {
    }

    static PeerNode node(String prefix, Settings settings, PeerNode.Loader loader) {
        Config config = new Config();
        config.useSingleServer().setAddress(settings.redisUri()).setTimeout(250).setRetryAttempts(1);
        RedissonClient client = Redisson.create(config);
        RLocalCachedMap<Long, Article> map = client.getLocalCachedMap(LocalCachedMapOptions
                .<Long, Article>name(prefix + "articles")
                .cacheSize(settings.l1Entries())
                .evictionPolicy(LocalCachedMapOptions.EvictionPolicy.LRU)
                .timeToLive(settings.l1Ttl())
                .syncStrategy(LocalCachedMapOptions.SyncStrategy.INVALIDATE)
                .reconnectionStrategy(LocalCachedMapOptions.ReconnectionStrategy.CLEAR)
                .loader(new MapLoader<>() {
                    @Override
                    public Article load(Long id) {
                        return loader.load(id).orElse(null);
                    }

                    @Override
                    public Iterable<Long> loadAllKeys() {
                        return java.util.List.of(); // nothing is preloaded
                    }
                }));
        return new PeerNode() {
            @Override
            public Optional<Article> read(long id) {
                return Optional.ofNullable(map.get(id));
            }

            @Override
            public Article write(long id, LongFunction<Article> update) {
                Article written = update.apply(id);
                map.fastRemove(id); // the hash field here, and an invalidation message to the other nodes
                return written;
            }

            @Override
            public void clear() {
                map.clearLocalCache();
                map.delete();
            }

            @Override
            public long localEntries() {
                return map.getCachedMap().size();
            }

            @Override
            public Levels levels() {
                return Levels.UNKNOWN; // no hit counts without Redisson PRO's statistics
            }

            @Override
            public void close() {
                client.shutdown();
            }
        };
    }
}
