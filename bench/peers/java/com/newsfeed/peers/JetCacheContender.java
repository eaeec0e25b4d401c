package com.newsfeed.peers;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

import com.alicp.jetcache.Cache;
import com.alicp.jetcache.anno.CacheConsts;
import com.alicp.jetcache.CacheUtil;
import com.alicp.jetcache.MultiLevelCache;
import com.alicp.jetcache.SimpleCacheManager;
import com.alicp.jetcache.anno.CacheType;
import com.alicp.jetcache.embedded.CaffeineCacheBuilder;
import com.alicp.jetcache.redis.lettuce.JetCacheCodec;
import com.alicp.jetcache.redis.lettuce.RedisLettuceCacheBuilder;
import com.alicp.jetcache.support.DefaultCacheMonitor;
import com.alicp.jetcache.support.JavaValueDecoder;
import com.alicp.jetcache.support.JavaValueEncoder;
import com.alicp.jetcache.template.CacheBuilderTemplate;
import com.alicp.jetcache.template.NotifyMonitorInstaller;
import com.alicp.jetcache.template.QuickConfig;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

/**
 * JetCache's two-level cache as its documentation sets it up without Spring: a {@link SimpleCacheManager} with a
 * Caffeine local builder and a Lettuce remote builder, a {@code QuickConfig} of type BOTH with {@code syncLocal}
 * (its broadcast invalidation: a change on one node makes the others drop their local copy), penetration protection
 * (one load per key per JVM) and a loader; Java serialization, its default value encoder.
 */
final class JetCacheContender {

    private JetCacheContender() {
    }

    static PeerNode node(String prefix, Settings settings, PeerNode.Loader loader) {
        RedisClient client = RedisClient.create(RedisURI.create(settings.redisUri()));
        SimpleCacheManager manager = new SimpleCacheManager();
        var local = CaffeineCacheBuilder.createCaffeineCacheBuilder().keyConvertor(key -> key);
        var remote = RedisLettuceCacheBuilder.createRedisLettuceCacheBuilder().redisClient(client)
                .keyConvertor(key -> key).valueEncoder(JavaValueEncoder.INSTANCE)
                .valueDecoder(JavaValueDecoder.INSTANCE).broadcastChannel(prefix + "broadcast")
                .pubSubConnection(client.connectPubSub(new JetCacheCodec())); // as its starter sets it up
        remote.setKeyPrefixSupplier(() -> prefix); // the cache manager appends the cache's name
        CacheBuilderTemplate template = new CacheBuilderTemplate(true, Map.of(CacheConsts.DEFAULT_AREA, local),
                Map.of(CacheConsts.DEFAULT_AREA, remote));
        template.getCacheMonitorInstallers().add(new NotifyMonitorInstaller(area -> remote));
        manager.setCacheBuilderTemplate(template);
        Cache<Long, Article> cache = manager.getOrCreateCache(QuickConfig.newBuilder("article")
                .cacheType(CacheType.BOTH).syncLocal(true)
                .localLimit(settings.l1Entries()).localExpire(settings.l1Ttl()).expire(settings.l2Ttl())
                .penetrationProtect(true).penetrationProtectTimeout(Duration.ofSeconds(10))
                .loader(id -> loader.load((Long) id).orElse(null)).build());
        MultiLevelCache<Long, Article> levels = (MultiLevelCache<Long, Article>) CacheUtil.getAbstractCache(cache);
        DefaultCacheMonitor l1 = new DefaultCacheMonitor("l1");
        DefaultCacheMonitor l2 = new DefaultCacheMonitor("l2");
        levels.caches()[0].config().getMonitors().add(l1);
        levels.caches()[1].config().getMonitors().add(l2);
        return new PeerNode() {
            @Override
            public Optional<Article> read(long id) {
                return Optional.ofNullable(cache.get(id));
            }

            @Override
            public Article write(long id, LongFunction<Article> update) {
                Article written = update.apply(id);
                cache.remove(id); // both levels here; the broadcast drops the other nodes' local copies
                return written;
            }

            @Override
            public void clear() {
                // JetCache has no clear for a remote cache: the harness deletes its keys (RedisKeys.delete).
                ((com.alicp.jetcache.embedded.AbstractEmbeddedCache<?, ?>) levels.caches()[0]).unwrap(
                        com.github.benmanes.caffeine.cache.Cache.class).invalidateAll();
            }

            @Override
            public long localEntries() {
                return ((com.alicp.jetcache.embedded.AbstractEmbeddedCache<?, ?>) levels.caches()[0]).unwrap(
                        com.github.benmanes.caffeine.cache.Cache.class).estimatedSize();
            }

            @Override
            public Levels levels() {
                return new Levels(l1.getCacheStat().getGetHitCount(), l2.getCacheStat().getGetHitCount(),
                        l2.getCacheStat().getGetMissCount());
            }

            @Override
            public void close() {
                manager.close();
                client.shutdown();
            }
        };
    }
}
