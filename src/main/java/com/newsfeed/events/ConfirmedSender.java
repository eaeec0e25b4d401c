package com.newsfeed.events;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The publisher's send: a batch of events as one persistent message with an id of its own, sent again with the same
 * id after a nack, a confirm timeout or a lost connection, until the broker confirms it or the stream's stop
 * deadline passes; with the meters of each outcome.
 */
final class ConfirmedSender {

    private static final Logger log = LoggerFactory.getLogger(ConfirmedSender.class);

    /** The stream's shutdown, as the sender sees it. */
    interface Shutdown {

        /** When sending gives up ({@code System.nanoTime()}); {@code Long.MAX_VALUE} while running. */
        long deadline();

        /** Waits up to {@code nanos}; true when the stream began stopping (now or before). */
        boolean awaitStop(long nanos) throws InterruptedException;
    }

    private final RabbitTemplate template;
    private final JsonMapper json;
    private final String exchange;
    private final Duration confirmTimeout;
    private final Duration retryPause;
    private final Shutdown shutdown;
    private final Counter confirmed;
    private final Counter droppedAtStop;
    private final Counter unconfirmedAtStop;
    private final Counter unsendable;
    private final Counter resent;

    ConfirmedSender(RabbitTemplate template, JsonMapper json, EventsProperties properties, Shutdown shutdown,
            MeterRegistry meters) {
        this.template = template;
        this.json = json;
        this.exchange = properties.name(EventsConfiguration.EXCHANGE);
        this.confirmTimeout = properties.confirmTimeout();
        this.retryPause = properties.retryPause();
        this.shutdown = shutdown;
        this.confirmed = Counter.builder("newsfeed.events.published").description("Events the broker confirmed")
                .register(meters);
        this.droppedAtStop = dropped(meters, "shutdown");
        this.unconfirmedAtStop = dropped(meters, "unconfirmed");
        this.unsendable = dropped(meters, "unsendable");
        this.resent = Counter.builder("newsfeed.events.resent")
                .description("Messages sent again after a nack, a confirm timeout or a lost connection")
                .register(meters);
    }

    static Counter dropped(MeterRegistry meters, String reason) {
        return Counter.builder("newsfeed.events.dropped").tag("reason", reason)
                .description("Events not confirmed: the buffer was full (buffer-full), still held at shutdown "
                        + "(shutdown), sent but unconfirmed at shutdown (unconfirmed), or not serializable "
                        + "(unsendable)").register(meters);
    }

    /** Events still buffered when the stream stopped: never sent. */
    void droppedAtShutdown(int events) {
        droppedAtStop.increment(events);
        log.warn("{} reader events not sent before shutdown", events);
    }

    /**
     * Sends the events as one message until confirmed, or until the stop deadline: then they count as unconfirmed if
     * the message was sent at least once (it may have arrived), else as dropped at shutdown. A message that cannot
     * even be written (a serializer fault) is dropped and counted, and the publisher goes on.
     */
    void send(String routingKey, List<Object> events) {
        Message message;
        try {
            message = message(routingKey, events);
        } catch (RuntimeException e) {
            unsendable.increment(events.size());
            log.error("{} reader events ({}) could not be written", events.size(), routingKey, e);
            return;
        }
        String id = message.getMessageProperties().getMessageId();
        for (int attempt = 0; ; attempt++) {
            if (System.nanoTime() > shutdown.deadline()) {
                (attempt == 0 ? droppedAtStop : unconfirmedAtStop).increment(events.size());
                log.warn("{} reader events not confirmed before shutdown", events.size());
                return;
            }
            if (attempt > 0) {
                resent.increment();
            }
            String failure = sendOnce(routingKey, message, id);
            if (failure == null) {
                confirmed.increment(events.size());
                return;
            }
            log.debug("Reader events message {} not confirmed ({}); sending it again", id, failure);
            pause();
        }
    }

    /** Null when confirmed; else why not. */
    private String sendOnce(String routingKey, Message message, String id) {
        CorrelationData correlation = new CorrelationData(id);
        try {
            template.send(exchange, routingKey, message, correlation);
            // At shutdown, no wait outlasts the stop deadline.
            long deadline = shutdown.deadline();
            long wait = deadline == Long.MAX_VALUE ? confirmTimeout.toNanos()
                    : Math.min(confirmTimeout.toNanos(), Math.max(0, deadline - System.nanoTime()));
            CorrelationData.Confirm confirm = correlation.getFuture().get(wait, TimeUnit.NANOSECONDS);
            return confirm.ack() ? null : "nack: " + confirm.reason();
        } catch (RuntimeException | ExecutionException | TimeoutException e) { // AmqpException, mostly
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private Message message(String routingKey, List<Object> events) {
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(UUID.randomUUID().toString());
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding("UTF-8");
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setType(routingKey);
        properties.setHeader("x-event-count", events.size());
        return new Message(json.writeValueAsBytes(events), properties);
    }

    /**
     * Waits before sending again; a stop ends the wait, and the attempts after it wait the pause too (no tight loop
     * against a broker that is away), up to the stop deadline.
     */
    private void pause() {
        try {
            if (!shutdown.awaitStop(retryPause.toNanos())) {
                return;
            }
            long left = Math.min(retryPause.toNanos(), shutdown.deadline() - System.nanoTime());
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
