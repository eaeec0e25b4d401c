package com.newsfeed.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where the request path puts its events: a bounded buffer in memory, emptied by one publisher thread into the
 * topic exchange. A request never waits on the broker and never fails because of it; an event the full buffer
 * cannot take is dropped and counted ({@code newsfeed.events.dropped}, reason {@code buffer-full}).
 * <p>
 * The publisher sends what waits (up to {@code max-batch} events of one routing key) as one persistent message
 * with an id of its own, and waits for the broker's confirm. A nack, a timeout or a lost connection sends the
 * same message, with the same id, again after a pause, until it is confirmed: the consumers recognise a message
 * they already counted by its id, so a message sent twice counts once and nothing confirmed is lost. While the
 * broker is away the buffer fills, and only what it cannot take is lost: exactly what the metric says. At shutdown
 * the publisher goes on for one confirm timeout; what is still buffered then is dropped ({@code shutdown}), and a
 * message sent but not confirmed by then is counted apart ({@code unconfirmed}: it may have arrived).
 */
public final class EventStream implements SmartLifecycle {

    /** Stopped after the web server (no more events) and before the connection factory is destroyed. */
    static final int PHASE = 1_000;

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);

    private record Pending(String routingKey, Object event) {
    }

    private final RabbitTemplate template;
    private final JsonMapper json;
    private final String exchange;
    private final int maxBatch;
    private final Duration confirmTimeout;
    private final Duration retryPause;
    private final BlockingQueue<Pending> buffer;
    /**
     * Events handed over and neither confirmed nor dropped yet (buffered, or being sent): counted up before an event
     * enters the buffer and down once its fate is known, so that {@link #idle} is never true too early.
     */
    private final AtomicInteger pending = new AtomicInteger();
    private final Counter confirmed;
    private final Counter droppedFull;
    private final Counter droppedAtStop;
    private final Counter unconfirmedAtStop;
    private final Counter unsendable;
    private final Counter resent;
    private volatile boolean running;
    /** Set by {@link #stop}: what is not confirmed by then is given up. */
    private volatile long stopDeadline = Long.MAX_VALUE;
    private volatile CountDownLatch stopping = new CountDownLatch(1);
    private Thread publisher;

    EventStream(RabbitTemplate template, JsonMapper json, EventsProperties properties, MeterRegistry meters) {
        if (!template.getConnectionFactory().isPublisherConfirms()) {
            throw new IllegalStateException("reader events need publisher confirms: set "
                    + "spring.rabbitmq.publisher-confirm-type=correlated");
        }
        this.template = template;
        this.json = json;
        this.exchange = properties.name(EventsConfiguration.EXCHANGE);
        this.maxBatch = properties.maxBatch();
        this.confirmTimeout = properties.confirmTimeout();
        this.retryPause = properties.retryPause();
        this.buffer = new ArrayBlockingQueue<>(properties.bufferCapacity());
        this.confirmed = Counter.builder("newsfeed.events.published").description("Events the broker confirmed")
                .register(meters);
        this.droppedFull = dropped(meters, "buffer-full");
        this.droppedAtStop = dropped(meters, "shutdown");
        this.unconfirmedAtStop = dropped(meters, "unconfirmed");
        this.unsendable = dropped(meters, "unsendable");
        this.resent = Counter.builder("newsfeed.events.resent")
                .description("Messages sent again after a nack, a confirm timeout or a lost connection")
                .register(meters);
        Gauge.builder("newsfeed.events.buffered", buffer, BlockingQueue::size)
                .description("Events waiting for the broker").register(meters);
    }

    private static Counter dropped(MeterRegistry meters, String reason) {
        return Counter.builder("newsfeed.events.dropped").tag("reason", reason)
                .description("Events not confirmed: the buffer was full (buffer-full), still held at shutdown "
                        + "(shutdown), sent but unconfirmed at shutdown (unconfirmed), or not serializable "
                        + "(unsendable)").register(meters);
    }

    /** Hands the event over to be published (no I/O); dropped, and counted, when the buffer is full. */
    public void publish(String routingKey, Object event) {
        pending.incrementAndGet();
        if (!buffer.offer(new Pending(routingKey, event))) {
            pending.decrementAndGet();
            droppedFull.increment();
        }
    }

    /**
     * Publishes the event once the current transaction commits (at once without one); a rollback publishes
     * nothing. Like {@link #publish}, it never waits on the broker: a commit's event may be lost with a crash
     * right after the commit, or to a full buffer (counted).
     */
    public void publishAfterCommit(String routingKey, Object event) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            publish(routingKey, event);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                publish(routingKey, event);
            }
        });
    }

    /** Whether every event handed over so far has been confirmed by the broker (or dropped). */
    public boolean idle() {
        return pending.get() == 0;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        stopping = new CountDownLatch(1);
        stopDeadline = Long.MAX_VALUE;
        running = true;
        publisher = new Thread(this::publishUntilStopped, "event-publisher");
        publisher.setDaemon(true);
        publisher.start();
    }

    /**
     * Sends what is still buffered, for as long as one confirm may take, then gives up on the rest (counted as
     * dropped at shutdown).
     */
    @Override
    public void stop() {
        Thread thread;
        synchronized (this) {
            if (!running) {
                return;
            }
            stopDeadline = System.nanoTime() + confirmTimeout.toNanos();
            running = false;
            stopping.countDown();
            thread = publisher;
        }
        try {
            thread.join(confirmTimeout.multipliedBy(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropLeftOver(); // what was handed over after the publisher's own last look
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void publishUntilStopped() {
        while (running || (!buffer.isEmpty() && System.nanoTime() < stopDeadline)) {
            List<Pending> taken = take();
            groupedByRoutingKey(taken).forEach(this::sendOrDrop);
        }
        dropLeftOver();
    }

    private void dropLeftOver() {
        List<Pending> left = new ArrayList<>();
        buffer.drainTo(left);
        if (!left.isEmpty()) {
            pending.addAndGet(-left.size());
            droppedAtStop.increment(left.size());
            log.warn("{} reader events not sent before shutdown", left.size());
        }
    }

    /** A message that cannot even be written (a serializer fault) is dropped and counted, not the publisher. */
    private void sendOrDrop(String routingKey, List<Object> events) {
        try {
            sendUntilConfirmed(routingKey, message(routingKey, events), events.size());
        } catch (RuntimeException e) {
            pending.addAndGet(-events.size());
            unsendable.increment(events.size());
            log.error("{} reader events ({}) could not be sent", events.size(), routingKey, e);
        }
    }

    private List<Pending> take() {
        List<Pending> taken = new ArrayList<>();
        try {
            Pending first = buffer.poll(100, TimeUnit.MILLISECONDS);
            if (first != null) {
                taken.add(first);
                buffer.drainTo(taken, maxBatch - 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return taken;
    }

    private static Map<String, List<Object>> groupedByRoutingKey(List<Pending> taken) {
        Map<String, List<Object>> groups = new LinkedHashMap<>();
        for (Pending pending : taken) {
            groups.computeIfAbsent(pending.routingKey(), key -> new ArrayList<>()).add(pending.event());
        }
        return groups;
    }

    /**
     * One message, sent (again, with the same id) until the broker confirms it, or until the stop deadline: then it
     * counts as unconfirmed if it was sent at least once (it may have arrived), else as dropped at shutdown.
     */
    private void sendUntilConfirmed(String routingKey, Message message, int events) {
        String id = message.getMessageProperties().getMessageId();
        try {
            for (int attempt = 0; ; attempt++) {
                if (System.nanoTime() > stopDeadline) {
                    (attempt == 0 ? droppedAtStop : unconfirmedAtStop).increment(events);
                    log.warn("{} reader events not confirmed before shutdown", events);
                    return;
                }
                if (attempt > 0) {
                    resent.increment();
                }
                String failure = send(routingKey, message, id);
                if (failure == null) {
                    confirmed.increment(events);
                    return;
                }
                log.debug("Reader events message {} not confirmed ({}); sending it again", id, failure);
                pause();
            }
        } finally {
            pending.addAndGet(-events);
        }
    }

    /** Null when confirmed; else why not. */
    private String send(String routingKey, Message message, String id) {
        CorrelationData correlation = new CorrelationData(id);
        try {
            template.send(exchange, routingKey, message, correlation);
            // At shutdown, no wait outlasts the stop deadline.
            long deadline = stopDeadline;
            long wait = deadline == Long.MAX_VALUE ? confirmTimeout.toNanos()
                    : Math.min(confirmTimeout.toNanos(), Math.max(0, deadline - System.nanoTime()));
            CorrelationData.Confirm confirm = correlation.getFuture().get(wait, TimeUnit.NANOSECONDS);
            return confirm.ack() ? null : "nack: " + confirm.reason();
        } catch (AmqpException | ExecutionException | TimeoutException e) {
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
            if (!stopping.await(retryPause.toNanos(), TimeUnit.NANOSECONDS)) {
                return;
            }
            long left = Math.min(retryPause.toNanos(), stopDeadline - System.nanoTime());
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
