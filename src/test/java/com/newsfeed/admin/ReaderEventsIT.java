package com.newsfeed.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;
import org.springframework.amqp.rabbit.retry.RepublishMessageRecoverer;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import com.newsfeed.cache.ChaosProxy;
import com.newsfeed.events.EventQueues;
import com.newsfeed.events.EventStream;
import com.newsfeed.support.TwoInstances;
import com.newsfeed.system.EmbeddedBroker;
import com.rabbitmq.client.Channel;

/**
 * Reader events on two instances through one broker (the real RabbitMQ in the real-services run, the embedded
 * one otherwise), reached through a TCP proxy that can cut both instances off from it: every read is counted once
 * in the database, through consumers killed between their commit and their ack, and through the broker away (the
 * reads it could not take are exactly the dropped metric); a poison message goes to the dead-letter queue.
 */
class ReaderEventsIT {

    private static final Duration CONSUMED = Duration.ofSeconds(90);
    private static final int READS = 10_000;
    private static final EmbeddedBroker OWN_BROKER;
    private static final ChaosProxy PROXY;

    static {
        boolean realBroker = "mysql".equals(System.getProperty("spring.profiles.active"));
        OWN_BROKER = realBroker ? null : EmbeddedBroker.startOnFreePort();
        try {
            PROXY = realBroker ? new ChaosProxy(System.getProperty("spring.rabbitmq.host", "127.0.0.1"), 5672)
                    : new ChaosProxy("127.0.0.1", OWN_BROKER.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @RegisterExtension
    static final TwoInstances instances = TwoInstances.with(new Class<?>[] {KillBeforeAck.class},
            "newsfeed.embedded-broker.enabled=false", "spring.rabbitmq.host=127.0.0.1",
            "spring.rabbitmq.port=" + PROXY.port(), "spring.rabbitmq.username=guest",
            "spring.rabbitmq.password=guest", "newsfeed.events.buffer-capacity=2000",
            "newsfeed.events.retry-pause=200ms", "newsfeed.events.consumer.batch-size=50");

    static long author;
    static List<Long> articles = new ArrayList<>();

    @BeforeAll
    static void articles() {
        author = instances.createUser(instances.a, "Author");
        for (int i = 0; i < 20; i++) {
            articles.add(TwoInstances.idOf(instances.postAs(instances.a, author, "/api/articles",
                    "{\"title\":\"Read " + i + "\",\"content\":\"Body " + i + "\",\"channelId\":2}")));
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        instances.a.getBean(EventQueues.class).deleteAll(); // while the broker is still reachable
        PROXY.close();
        if (OWN_BROKER != null) {
            OWN_BROKER.stop();
        }
    }

    @Test
    void tenThousandReads_onTwoInstances_areCountedExactlyOnce_throughConsumersKilledBeforeTheirAcks()
            throws Exception {
        awaitQuiet(); // what a test before this one left in flight is counted first
        long before = countedReads();
        double duplicatesBefore = instances.count("newsfeed.events.duplicates");
        double droppedBefore = instances.count("newsfeed.events.dropped");
        Map<Long, Integer> made = readConcurrently(READS);

        await().atMost(CONSUMED).until(() -> countedReads() - before >= READS);
        awaitQuiet();
        assertThat(countedReads() - before).isEqualTo(READS);
        assertThat(KillBeforeAck.KILLS.get()).as("consumers killed between commit and ack").isPositive();
        assertThat(instances.count("newsfeed.events.duplicates") - duplicatesBefore)
                .as("their batches came back, and counted nothing twice").isPositive();
        assertThat(instances.count("newsfeed.events.dropped") - droppedBefore).isZero();
        for (Map.Entry<Long, Integer> article : made.entrySet()) {
            assertThat(readCount(article.getKey())).as("article " + article.getKey())
                    .isGreaterThanOrEqualTo(article.getValue());
        }
        // The store's counter is derived from the database's totals.
        await().atMost(CONSUMED).untilAsserted(() -> {
            for (long article : articles) {
                assertThat(score(article)).as("store, article " + article).isEqualTo(readCount(article));
            }
        });
    }

    @Test
    void theBrokerAway_failsNoRead_andWhatIsNotCountedIsExactlyTheDroppedMetric() throws Exception {
        awaitQuiet();
        long before = countedReads();
        double droppedBefore = instances.count("newsfeed.events.dropped");

        PROXY.reset();
        Map<Long, Integer> made;
        try {
            made = readConcurrently(5_000);
            assertThat(instances.get(instances.a, "/actuator/health/readiness").statusCode())
                    .as("ready without the broker").isEqualTo(200);
            assertThat(instances.get(instances.a, "/actuator/health/liveness").statusCode()).isEqualTo(200);
            assertThat(tools.jackson.databind.json.JsonMapper.builder().build()
                    .readTree(instances.getAsAdmin(instances.a, "/actuator/health").body())
                    .path("components").path("rabbit").path("status").toString())
                    .as("the broker's own component says so").isEqualTo("\"DOWN\"");
        } finally {
            PROXY.pass();
        }
        double dropped = instances.count("newsfeed.events.dropped") - droppedBefore;
        assertThat(made.values().stream().mapToInt(Integer::intValue).sum()).as("every read answered 200")
                .isEqualTo(5_000);
        assertThat(dropped).as("the buffers (2,000 each) could not take all").isPositive();

        await().atMost(CONSUMED).until(() -> countedReads() - before + (long) dropped >= 5_000);
        awaitQuiet();
        assertThat(countedReads() - before).isEqualTo(5_000 - (long) dropped);
    }

    @Test
    void aPoisonMessage_goesToTheDeadLetterQueue_andTheOthersGoOn() {
        awaitQuiet();
        long article = articles.get(0);
        long before = readCount(article);
        double countsBefore = deadLettered(instances.prefix + "reading-counts");
        double historyBefore = deadLettered(instances.prefix + "reading-history");
        RabbitTemplate template = instances.a.getBean(RabbitTemplate.class);
        String exchange = instances.prefix + "reader-events";
        send(template, exchange, "not json");
        send(template, exchange, "[{\"articleId\":-1,\"channelId\":2,\"userId\":null,\"at\":1}]");
        send(template, exchange, "[null]");
        send(template, exchange, "[{\"articleId\":" + article + ",\"channelId\":2,\"userId\":null,\"at\":1}]");

        await().atMost(CONSUMED).until(() -> readCount(article) == before + 1);
        // At least once: a consumer whose channel dies right after a republish sees the message again.
        String counts = instances.prefix + "reading-counts";
        String history = instances.prefix + "reading-history";
        await().atMost(CONSUMED).until(() -> deadLettered(counts) - countsBefore >= 3
                && deadLettered(history) - historyBefore >= 3);
        List<String> dead = new ArrayList<>();
        Message message;
        while ((message = template.receive(instances.prefix + "dead-letters", 2_000)) != null) {
            assertThat((String) message.getMessageProperties().getHeader(RepublishMessageRecoverer.X_EXCEPTION_MESSAGE))
                    .isNotBlank();
            dead.add(new String(message.getBody()));
        }
        assertThat(dead).as("only the poison messages").containsOnly("not json", "[null]",
                "[{\"articleId\":-1,\"channelId\":2,\"userId\":null,\"at\":1}]");
        for (String poison : List.of("not json", "[null]",
                "[{\"articleId\":-1,\"channelId\":2,\"userId\":null,\"at\":1}]")) {
            assertThat(dead).as("from each of the two queues: " + poison).filteredOn(poison::equals).hasSizeGreaterThanOrEqualTo(2);
        }
        assertThat(readCount(article)).as("the good read, once").isEqualTo(before + 1);
    }

    private static double deadLettered(String queue) {
        return instances.count("newsfeed.events.dead-lettered", "queue", queue);
    }

    private static void send(RabbitTemplate template, String exchange, String body) {
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(java.util.UUID.randomUUID().toString());
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        template.send(exchange, "article.read.reader", new Message(body.getBytes(), properties));
    }

    /** Reads spread over the articles and both instances, 8 at a time; how many of each answered 200. */
    private static Map<Long, Integer> readConcurrently(int reads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> answers = new ArrayList<>();
            for (int i = 0; i < reads; i++) {
                long article = articles.get(i % articles.size());
                ConfigurableApplicationContext instance = i % 2 == 0 ? instances.a : instances.b;
                answers.add(pool.submit(() -> {
                    HttpResponse<String> response = instances.get(instance, "/api/articles/" + article);
                    return response.statusCode() == 200 ? article : -response.statusCode();
                }));
            }
            Map<Long, Integer> made = new HashMap<>();
            for (Future<Long> answer : answers) {
                long article = answer.get();
                assertThat(article).as("a read answered with an error").isPositive();
                made.merge(article, 1, Integer::sum);
            }
            return made;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Both publishers have nothing unconfirmed, both read queues are empty, and the counted reads hold still. */
    private static void awaitQuiet() {
        await().atMost(CONSUMED).until(() -> instances.a.getBean(EventStream.class).idle()
                && instances.b.getBean(EventStream.class).idle());
        EventQueues queues = instances.a.getBean(EventQueues.class);
        org.springframework.amqp.core.AmqpAdmin admin = instances.a.getBean(org.springframework.amqp.core.AmqpAdmin.class);
        await().atMost(CONSUMED).until(() -> queues.names().stream().limit(2)
                .allMatch(queue -> admin.getQueueInfo(queue) != null && admin.getQueueInfo(queue).getMessageCount() == 0));
        // A batch taken but not yet committed is in no queue's count: the database's total must also hold still.
        java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong(-1);
        await().atMost(CONSUMED).pollInterval(Duration.ofMillis(500))
                .until(() -> countedReads() == last.getAndSet(countedReads()));
    }

    private static long countedReads() {
        Long sum = jdbc().queryForObject("SELECT COALESCE(SUM(read_count), 0) FROM article_reads", Long.class);
        return sum == null ? 0 : sum;
    }

    private static long readCount(long article) {
        List<Long> found = jdbc().queryForList("SELECT read_count FROM article_reads WHERE article_id = ?",
                Long.class, article);
        return found.isEmpty() ? 0 : found.get(0);
    }

    private static long score(long article) {
        com.newsfeed.store.StoreRedis store = instances.a.getBean(com.newsfeed.store.StoreRedis.class);
        Double score = store.await(store.commands().zscore(store.key("count:art:reading"), Long.toString(article)));
        return score == null ? 0 : Math.round(score);
    }

    private static JdbcTemplate jdbc() {
        return instances.a.getBean(JdbcTemplate.class);
    }

    /**
     * A crash between a consumer's commit and its ack, every 5th batch of read counts (twice per instance): the
     * channel is aborted where the ack would have gone, so the broker delivers the batch again.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class KillBeforeAck {

        static final AtomicInteger KILLS = new AtomicInteger();

        @Bean
        static BeanPostProcessor killReadingCountsBeforeAck() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if ("readingCountsConsumer".equals(name) && bean instanceof SimpleMessageListenerContainer c) {
                        ChannelAwareBatchMessageListener delegate =
                                (ChannelAwareBatchMessageListener) c.getMessageListener();
                        AtomicInteger batches = new AtomicInteger();
                        AtomicInteger kills = new AtomicInteger(2);
                        c.setMessageListener((ChannelAwareBatchMessageListener) (messages, channel) -> delegate
                                .onMessageBatch(messages, batches.incrementAndGet() % 5 == 0
                                        && kills.getAndDecrement() > 0 ? abortingOnAck(channel) : channel));
                    }
                    return bean;
                }
            };
        }

        private static Channel abortingOnAck(Channel channel) {
            return (Channel) Proxy.newProxyInstance(Channel.class.getClassLoader(), new Class<?>[] {Channel.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("basicAck")) {
                            KILLS.incrementAndGet();
                            channel.abort();
                            return null;
                        }
                        try {
                            return method.invoke(channel, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
