package com.newsfeed.events;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Reader events (reads, likes, collections, follows) through an AMQP broker: published from the request path
 * without waiting, consumed in batches by durable queues that keep counts and histories.
 *
 * @param namesPrefix     put before the exchange's and every queue's name ({@code newsfeed.reader-events}, ...)
 * @param bufferCapacity  events held in memory waiting for the broker; what arrives when it is full is dropped and
 *                        counted ({@code newsfeed.events.dropped})
 * @param maxBatch        events sent in one message at the most (the publisher sends whatever waits, up to this)
 * @param linger          after a message that was not full, how long the next one gathers events (a read's event
 *                        waits this long at the most before it is sent; fewer, larger messages for the broker)
 * @param confirmTimeout  how long the publisher waits for the broker's confirm before it sends the message again
 * @param retryPause      the pause before the publisher sends again, or a consumer takes a failed batch again
 * @param consumer        how the queues are consumed
 * @param receipts        how long a consumed message's id is kept to recognise its redelivery
 * @param quorumQueues    declare the queues as RabbitMQ quorum queues (replicated over a cluster's nodes, so a
 *                        confirmed message survives the loss of one); classic durable queues otherwise, the only
 *                        kind the embedded broker knows
 */
@Validated
@ConfigurationProperties("newsfeed.events")
public record EventsProperties(@NotBlank String namesPrefix, @Min(1) int bufferCapacity, @Min(1) int maxBatch,
        @NotNull Duration linger, @NotNull Duration confirmTimeout, @NotNull Duration retryPause, @Valid @NotNull Consumer consumer,
        @Valid @NotNull Receipts receipts, boolean quorumQueues) {

    /**
     * @param batchSize      messages handled together (one database transaction for the counts)
     * @param prefetch       messages the broker sends ahead of their acks
     * @param receiveTimeout how long a batch waits to fill before it is handled as it is
     * @param concurrency    consumers per queue on each instance
     * @param autoStartup    whether the consumers start with the application (tests start them when they want)
     */
    public record Consumer(@Min(1) int batchSize, @Min(1) int prefetch, @NotNull Duration receiveTimeout,
            @Min(1) int concurrency, boolean autoStartup) {
    }

    /**
     * @param retention     a receipt is kept this long: far longer than a message can stay unacknowledged
     * @param pruneInterval receipts older than the retention are deleted this often
     */
    public record Receipts(@NotNull Duration retention, @NotNull Duration pruneInterval) {
    }

    /** The exchange's (or a queue's) full name. */
    public String name(String suffix) {
        return namesPrefix + suffix;
    }

    /** A durable queue of this name, of the configured kind. */
    org.springframework.amqp.core.Queue queue(String suffix) {
        org.springframework.amqp.core.QueueBuilder builder =
                org.springframework.amqp.core.QueueBuilder.durable(name(suffix));
        return (quorumQueues ? builder.quorum() : builder).build();
    }
}
