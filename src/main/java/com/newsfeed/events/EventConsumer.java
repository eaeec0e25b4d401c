package com.newsfeed.events;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.TransactionTimedOutException;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * A queue's consumer: a batch of messages (acknowledged by hand) decoded and given to its handler, then
 * acknowledged together. A message that cannot be decoded, or that its handler fails on for a reason of its own,
 * is published to the dead-letter queue (with the reason in its headers, confirmed) and acknowledged, and the
 * others go on: a failing batch is handled again message by message to find which. A passing failure (the
 * database or the store away) takes the whole batch back to the queue after a pause, to be handled again.
 */
public final class EventConsumer<E> implements ChannelAwareBatchMessageListener {

    private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);

    private final String queue;
    private final JsonMapper json;
    private final JavaType eventsType;
    private final EventHandler<E> handler;
    private final MessageRecoverer deadLetters;
    private final Duration retryPause;
    private final Counter consumed;
    private final Counter deadLettered;
    private final Counter retried;

    EventConsumer(String queue, Class<E> eventType, JsonMapper json, EventHandler<E> handler,
            MessageRecoverer deadLetters, Duration retryPause, MeterRegistry meters) {
        this.queue = queue;
        this.json = json;
        this.eventsType = json.getTypeFactory().constructCollectionType(List.class, eventType);
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.retryPause = retryPause;
        this.consumed = Counter.builder("newsfeed.events.consumed").tag("queue", queue)
                .description("Events a queue's consumer handled").register(meters);
        this.deadLettered = Counter.builder("newsfeed.events.dead-lettered").tag("queue", queue)
                .description("Messages sent to the dead-letter queue: undecodable, or failed by their handler")
                .register(meters);
        this.retried = Counter.builder("newsfeed.events.retried").tag("queue", queue)
                .description("Batches taken back to the queue after a passing failure").register(meters);
    }

    @Override
    public void onMessageBatch(List<Message> messages, Channel channel) {
        if (messages.isEmpty()) {
            return;
        }
        Set<Long> settled = new HashSet<>();
        boolean done;
        try {
            List<Delivery<E>> decoded = new ArrayList<>(messages.size());
            for (Message message : messages) {
                try {
                    decoded.add(new Delivery<>(message.getMessageProperties().getMessageId(), events(message),
                            message));
                } catch (JacksonException | IllegalArgumentException e) {
                    deadLetter(message, e, channel, settled);
                }
            }
            handleOrSplit(decoded, channel, settled);
            done = true;
        } catch (RuntimeException e) {
            retried.increment();
            log.warn("Queue {}: {} messages taken back to the queue ({})", queue, messages.size(), e.toString());
            pause();
            done = false;
        }
        // Up to the last message not acknowledged on its own already (a tag acknowledged twice closes the channel).
        for (int i = messages.size() - 1; i >= 0; i--) {
            long tag = messages.get(i).getMessageProperties().getDeliveryTag();
            if (!settled.contains(tag)) {
                acknowledge(channel, tag, true, done);
                return;
            }
        }
    }

    /** The message's events; a body that is no list of events (null, or a null among them) is refused. */
    private List<E> events(Message message) {
        List<E> events = json.readValue(message.getBody(), eventsType);
        if (events == null || events.contains(null)) {
            throw new IllegalArgumentException("not a list of events");
        }
        return events;
    }

    /** Handles the batch; a fault of a message's own sends it to the dead-letter queue; a passing one is thrown. */
    private void handleOrSplit(List<Delivery<E>> batch, Channel channel, Set<Long> settled) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            handler.handle(batch);
            consumed.increment(batch.stream().mapToInt(delivery -> delivery.events().size()).sum());
        } catch (RuntimeException e) {
            if (passing(e)) {
                throw e;
            }
            if (batch.size() == 1) {
                deadLetter(batch.get(0).message(), e, channel, settled);
                return;
            }
            for (Delivery<E> delivery : batch) {
                handleOrSplit(List.of(delivery), channel, settled);
            }
        }
    }

    private boolean passing(RuntimeException failure) {
        return failure instanceof TransientDataAccessException || failure instanceof RecoverableDataAccessException
                || failure instanceof DataAccessResourceFailureException
                || failure instanceof CannotCreateTransactionException
                || failure instanceof TransactionTimedOutException || failure instanceof TransactionSystemException
                || handler.passing(failure);
    }

    /**
     * Published to the dead-letter exchange and confirmed, then acknowledged on its own at once: should the rest of
     * the batch come back to the queue, this message does not (and is not dead-lettered again). A publish that
     * fails is thrown: the batch then comes back, this message with it.
     */
    private void deadLetter(Message message, Exception reason, Channel channel, Set<Long> settled) {
        deadLetters.recover(message, reason);
        long tag = message.getMessageProperties().getDeliveryTag();
        acknowledge(channel, tag, false, true);
        settled.add(tag);
        deadLettered.increment();
        log.warn("Queue {}: message {} sent to the dead-letter queue ({})", queue,
                message.getMessageProperties().getMessageId(), reason.toString());
    }

    private void acknowledge(Channel channel, long tag, boolean multiple, boolean done) {
        try {
            if (done) {
                channel.basicAck(tag, multiple);
            } else {
                channel.basicNack(tag, multiple, true);
            }
        } catch (IOException | ShutdownSignalException e) {
            // The channel is gone: the broker gives the unacknowledged messages to a consumer again.
            log.warn("Queue {}: acknowledgement lost ({}); the messages will be delivered again", queue,
                    e.toString());
        }
    }

    /** A pause on this consumer's own thread, so that a server away is not asked again in a tight loop. */
    private void pause() {
        try {
            TimeUnit.NANOSECONDS.sleep(retryPause.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
