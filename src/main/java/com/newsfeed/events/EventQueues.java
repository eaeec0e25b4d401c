package com.newsfeed.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a feature gets a durable queue of reader events and its consumer: the queue bound to the exchange by
 * routing keys, and a listener container that takes it in batches, acknowledged by hand, with the prefetch and
 * batch size configured. Every container made here is known, so that all can be paused, resumed or emptied.
 */
public final class EventQueues {

    private final EventsProperties properties;
    private final TopicExchange exchange;
    private final ConnectionFactory connections;
    private final AmqpAdmin admin;
    private final JsonMapper json;
    private final MessageRecoverer deadLetters;
    private final MeterRegistry meters;
    private final List<SimpleMessageListenerContainer> containers = new CopyOnWriteArrayList<>();
    private final List<String> queues = new CopyOnWriteArrayList<>();

    EventQueues(EventsProperties properties, TopicExchange exchange, ConnectionFactory connections, AmqpAdmin admin,
            JsonMapper json, MessageRecoverer deadLetters, MeterRegistry meters) {
        this.properties = properties;
        this.exchange = exchange;
        this.connections = connections;
        this.admin = admin;
        this.json = json;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    /** A durable queue ({@code names-prefix + suffix}) bound to the exchange with each routing key. */
    public Declarables queue(String suffix, String... routingKeys) {
        Queue queue = properties.queue(suffix);
        queues.add(queue.getName());
        List<Declarable> declarables = new java.util.ArrayList<>();
        declarables.add(queue);
        for (String routingKey : routingKeys) {
            Binding binding = BindingBuilder.bind(queue).to(exchange).with(routingKey);
            declarables.add(binding);
        }
        return new Declarables(declarables);
    }

    /** The consumer of the queue {@code names-prefix + suffix}: batches of messages of events of this type. */
    public <E> SimpleMessageListenerContainer consumer(String suffix, Class<E> eventType, EventHandler<E> handler) {
        String queue = properties.name(suffix);
        EventsProperties.Consumer consumer = properties.consumer();
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
        container.setQueueNames(queue);
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setConsumerBatchEnabled(true);
        container.setBatchSize(consumer.batchSize());
        container.setPrefetchCount(consumer.prefetch());
        container.setReceiveTimeout(consumer.receiveTimeout().toMillis());
        container.setConcurrentConsumers(consumer.concurrency());
        // The broker may be away at start-up: the container keeps trying instead of failing the application.
        container.setMissingQueuesFatal(false);
        container.setAutoStartup(consumer.autoStartup());
        container.setMessageListener(new EventConsumer<>(queue, eventType, json, handler, deadLetters,
                properties.retryPause(), meters));
        containers.add(container);
        return container;
    }

    /** Starts every consumer (after {@link #stopConsumers}, or where they do not start by themselves). */
    public void startConsumers() {
        containers.forEach(SimpleMessageListenerContainer::start);
    }

    /** Stops every consumer: what they hold unacknowledged goes back to the queues. */
    public void stopConsumers() {
        containers.forEach(SimpleMessageListenerContainer::stop);
    }

    /** Empties every queue made here (not the dead-letter queue). */
    public void purge() {
        queues.forEach(queue -> admin.purgeQueue(queue, false));
    }

    /**
     * Deletes every queue made here, the dead-letter queue and both exchanges: for a deployment (or a test) whose
     * names are going away for good. A broker away is left as it is.
     */
    public void deleteAll() {
        stopConsumers(); // a running consumer whose queue goes would have it declared again
        try {
            names().forEach(admin::deleteQueue);
            admin.deleteExchange(exchange.getName());
            admin.deleteExchange(properties.name(EventsConfiguration.DEAD_LETTERS));
        } catch (org.springframework.amqp.AmqpException e) {
            org.slf4j.LoggerFactory.getLogger(EventQueues.class).warn("Queues not deleted ({})", e.toString());
        }
    }

    /** The names of the queues made here, the dead-letter queue last. */
    public List<String> names() {
        List<String> names = new java.util.ArrayList<>(queues);
        names.add(properties.name(EventsConfiguration.DEAD_LETTERS));
        return names;
    }
}
