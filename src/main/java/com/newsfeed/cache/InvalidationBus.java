package com.newsfeed.cache;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.backoff.ExponentialBackOff;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Tells every other instance to drop its L1 copy after a write. The transport is Redis pub/sub on one channel:
 * it needs nothing but the Redis the service already uses, and each message names the cache and the id, so a
 * node evicts exactly what changed. Server-assisted client-side caching (RESP3 tracking) was the alternative, but
 * it tracks keys read through one connection, while L1 here is filled from several levels and from lists; an
 * explicit message fits that better. Each node ignores its own messages by a node id.
 *
 * <p>Pub/sub delivers at most once: a message sent while a node is disconnected is lost. So whenever the
 * subscription is established again after the first time, the node clears its whole L1 before going on, and
 * nothing it missed can be served from L1 afterwards. Messages carry their send time; the receive lag is the
 * {@code newsfeed.cache.invalidation.lag} timer.
 */
public final class InvalidationBus implements MessageListener, SubscriptionListener {

    private static final Logger log = LoggerFactory.getLogger(InvalidationBus.class);
    static final String EVERYTHING = "*";

    private final String nodeId = UUID.randomUUID().toString().substring(0, 13);
    private final CacheRegistry registry;
    private final RedisTemplate<byte[], byte[]> redis;
    private final byte[] channel;
    private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();
    private final AtomicBoolean subscribedBefore = new AtomicBoolean();
    private final Timer lag;
    private final Counter received;
    private final Counter sendFailures;
    private final Counter resubscriptions;

    private final RedisCircuit circuit;

    InvalidationBus(CacheRegistry registry, RedisTemplate<byte[], byte[]> redis, RedisConnectionFactory connections,
            String keyPrefix, MeterRegistry meters, RedisCircuit circuit) {
        this.registry = registry;
        this.circuit = circuit;
        this.redis = redis;
        this.channel = (keyPrefix + "invalidations").getBytes(StandardCharsets.UTF_8);
        this.lag = Timer.builder("newsfeed.cache.invalidation.lag")
                .description("From a write's invalidation message being sent to another instance evicting its L1")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(meters);
        this.received = Counter.builder("newsfeed.cache.invalidations.received").register(meters);
        this.sendFailures = Counter.builder("newsfeed.cache.invalidations.send.failures").register(meters);
        this.resubscriptions = Counter.builder("newsfeed.cache.invalidations.resubscriptions")
                .description("Times the subscription came back after a loss; each cleared the whole L1")
                .register(meters);
        ExponentialBackOff backOff = new ExponentialBackOff(100, 2);
        backOff.setMaxInterval(2_000);
        container.setConnectionFactory(connections);
        container.setRecoveryBackoff(backOff);
        container.addMessageListener(this, new ChannelTopic(new String(channel, StandardCharsets.UTF_8)));
    }

    public String nodeId() {
        return nodeId;
    }

    void start() {
        container.afterPropertiesSet();
        container.start();
    }

    void stop() {
        container.stop();
        try {
            container.destroy();
        } catch (Exception e) {
            log.debug("Listener container did not close cleanly", e);
        }
    }

    /**
     * Tells the other instances to drop their L1 copy of {@code id} ({@link #EVERYTHING} for the whole cache).
     *
     * @return false when Redis could not be reached: the caller keeps the invalidation to send it again
     */
    boolean publish(String cache, String id) {
        byte[] message = (nodeId + ' ' + cache + ' ' + id + ' ' + System.currentTimeMillis())
                .getBytes(StandardCharsets.UTF_8);
        try {
            redis.execute((RedisCallback<Long>) connection -> connection.publish(channel, message));
            return true;
        } catch (DataAccessException e) {
            sendFailures.increment();
            log.warn("Invalidation of {} {} not sent, Redis failed: {}", cache, id, e.getMessage());
            return false;
        }
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        String[] parts = new String(message.getBody(), StandardCharsets.UTF_8).split(" ");
        if (parts.length != 4 || parts[0].equals(nodeId)) {
            return;
        }
        registry.cache(parts[1]).ifPresent(cache -> {
            if (parts[2].equals(EVERYTHING)) {
                cache.clearLocal();
            } else {
                cache.evictLocal(Long.parseLong(parts[2]));
            }
        });
        received.increment();
        lag.record(Math.max(0, System.currentTimeMillis() - Long.parseLong(parts[3])), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onChannelSubscribed(byte[] subscribedChannel, long count) {
        if (subscribedBefore.getAndSet(true)) {
            resubscriptions.increment();
            log.warn("Invalidation subscription re-established: clearing L1, messages may have been missed");
            registry.caches().forEach(LayeredCache::clearLocal);
            circuit.recovered();
        }
    }
}
