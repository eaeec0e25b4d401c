package com.newsfeed.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * topic exchange. The buffer takes an event without a lock (a lock-free queue, bounded by a counter): with a lock,
 * request threads queued behind a holder the scheduler had put aside, for 87 ms a wait on two loaded cores (JFR). A request never waits on the broker and never fails because of it; an event the full buffer
 * cannot take is dropped and counted ({@code newsfeed.events.dropped}, reason {@code buffer-full}).
 * <p>
 * The publisher sends what waits (up to {@code max-batch} events of one routing key, gathered for {@code linger}
 * after a message that was not full) as one persistent message with an id of its own, and waits for the broker's
 * confirm ({@link ConfirmedSender}). A nack, a timeout or a lost connection sends the same message, with the same
 * id, again after a pause, until it is confirmed: the consumers recognise a message
 * they already counted by its id, so a message sent twice counts once and nothing confirmed is lost. While the
 * broker is away the buffer fills, and only what it cannot take is lost: exactly what the metric says. At shutdown
 * the publisher goes on for one confirm timeout; what is still buffered then is dropped ({@code shutdown}), and a
 * message sent but not confirmed by then is counted apart ({@code unconfirmed}: it may have arrived).
 */
public final class EventStream implements SmartLifecycle {

    /** Stopped after the web server (no more events) and before the connection factory is destroyed. */
    static final int PHASE = 1_000;

    private record Pending(String routingKey, Object event) {
    }

    private final ConfirmedSender sender;
    private final int maxBatch;
    private final Duration linger;
    private final Duration confirmTimeout;
    private final int capacity;
    private final Queue<Pending> buffer = new ConcurrentLinkedQueue<>();
    /**
     * Events handed over and neither confirmed nor dropped yet (buffered, or being sent): counted up before an event
     * enters the buffer and down once its fate is known, so that {@link #idle} is never true too early. It is also
     * the buffer's bound: the buffer with the message being sent holds at most {@code buffer-capacity} events.
     */
    private final AtomicInteger pending = new AtomicInteger();
    private final Counter droppedFull;
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
        this.sender = new ConfirmedSender(template, json, properties, new ConfirmedSender.Shutdown() {
            @Override
            public long deadline() {
                return stopDeadline;
            }

            @Override
            public boolean awaitStop(long nanos) throws InterruptedException {
                return stopping.await(nanos, TimeUnit.NANOSECONDS);
            }
        }, meters);
        this.maxBatch = properties.maxBatch();
        this.linger = properties.linger();
        this.confirmTimeout = properties.confirmTimeout();
        this.capacity = properties.bufferCapacity();
        this.droppedFull = ConfirmedSender.dropped(meters, "buffer-full");
        Gauge.builder("newsfeed.events.buffered", pending, AtomicInteger::get)
                .description("Events waiting for the broker's confirm (buffered, or in the message being sent)")
                .register(meters);
    }

    /** Hands the event over to be published (no I/O); dropped, and counted, when the buffer is full. */
    public void publish(String routingKey, Object event) {
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            droppedFull.increment();
            return;
        }
        buffer.offer(new Pending(routingKey, event));
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
            groupedByRoutingKey(taken).forEach(this::send);
            if (taken.size() < maxBatch) {
                rest(); // the next message gathers for a while, rather than carrying one event each
            }
        }
        dropLeftOver();
    }

    /** Waits {@code linger} while running (a stop ends the wait); never once stopping. */
    private void rest() {
        try {
            stopping.await(linger.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dropLeftOver() {
        int left = 0;
        while (buffer.poll() != null) {
            left++;
        }
        if (left > 0) {
            pending.addAndGet(-left);
            sender.droppedAtShutdown(left);
        }
    }

    /** Whatever its outcome (confirmed, or dropped and counted), the events are no longer pending after it. */
    private void send(String routingKey, List<Object> events) {
        try {
            sender.send(routingKey, events);
        } finally {
            pending.addAndGet(-events.size());
        }
    }

    private List<Pending> take() {
        List<Pending> taken = new ArrayList<>();
        Pending next;
        while (taken.size() < maxBatch && (next = buffer.poll()) != null) {
            taken.add(next);
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
}
