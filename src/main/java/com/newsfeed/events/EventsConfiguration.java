package com.newsfeed.events;

import java.time.Clock;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;
import org.springframework.amqp.rabbit.retry.RepublishMessageRecovererWithConfirms;
import org.springframework.boot.amqp.autoconfigure.RabbitTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reader events' exchange (topic), the dead-letter exchange (fanout) and its queue, the publisher, the
 * receipts and their pruning. Spring AMQP's {@code RabbitAdmin} declares them all on every (re)connection.
 * <p>
 * Dead letters are published by the consumer itself (Spring AMQP's republishing recoverer, with confirms), not
 * left to the broker's {@code x-dead-letter-exchange}: the same code path then runs on RabbitMQ and on the
 * embedded Qpid broker, which dead-letters only by its own delivery-count rule, and the reason travels with the
 * message in its headers ({@code x-exception-message}, {@code x-original-routingKey}).
 */
@Configuration(proxyBeanMethods = false)
public class EventsConfiguration {

    static final String EXCHANGE = "reader-events";
    static final String DEAD_LETTERS = "dead-letters";

    /**
     * The events' own JSON: a field a newer publisher adds is ignored by an older consumer (rolling deploys). Not a
     * bean: a {@code JsonMapper} bean would replace Boot's, which the web layer's strict parsing is configured on.
     */
    private static final JsonMapper EVENTS_JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /**
     * Publishers on a connection of their own: a broker that blocks publishing (a memory or disk alarm) then
     * blocks only the publisher thread, never the consumers' acks.
     */
    @Bean
    RabbitTemplateCustomizer publishOnTheirOwnConnection() {
        return template -> template.setUsePublisherConnection(true);
    }

    @Bean
    TopicExchange readerEventsExchange(EventsProperties properties) {
        return new TopicExchange(properties.name(EXCHANGE), true, false);
    }

    @Bean
    Declarables deadLetterQueue(EventsProperties properties) {
        FanoutExchange exchange = new FanoutExchange(properties.name(DEAD_LETTERS), true, false);
        Queue queue = properties.queue(DEAD_LETTERS);
        return new Declarables(exchange, queue, BindingBuilder.bind(queue).to(exchange));
    }

    @Bean
    MessageRecoverer deadLetters(RabbitTemplate rabbitTemplate, EventsProperties properties) {
        RepublishMessageRecovererWithConfirms recoverer = new RepublishMessageRecovererWithConfirms(rabbitTemplate,
                properties.name(DEAD_LETTERS), "", CachingConnectionFactory.ConfirmType.CORRELATED);
        recoverer.setConfirmTimeout(properties.confirmTimeout().toMillis());
        return recoverer;
    }

    @Bean
    EventStream eventStream(RabbitTemplate rabbitTemplate, EventsProperties properties, MeterRegistry meters) {
        return new EventStream(rabbitTemplate, EVENTS_JSON, properties, meters);
    }

    @Bean
    EventQueues eventQueues(EventsProperties properties, TopicExchange readerEventsExchange,
            ConnectionFactory connectionFactory, AmqpAdmin amqpAdmin, MessageRecoverer deadLetters,
            MeterRegistry meters) {
        return new EventQueues(properties, readerEventsExchange, connectionFactory, amqpAdmin, EVENTS_JSON,
                deadLetters, meters);
    }

    @Bean
    Receipts receipts(JdbcTemplate jdbcTemplate, Clock clock, EventsProperties properties, MeterRegistry meters) {
        return new Receipts(jdbcTemplate, clock, properties.receipts().retention(), meters);
    }

    /** Prunes the receipts; any instance may, and two at once delete nothing twice. */
    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskScheduler eventsScheduler(Receipts receipts, EventsProperties properties) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("events-");
        scheduler.setDaemon(true);
        scheduler.initialize();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                receipts.prune();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(EventsConfiguration.class)
                        .warn("Event receipts not pruned ({}); tried again later", e.toString());
            }
        }, properties.receipts().pruneInterval());
        return scheduler;
    }
}
