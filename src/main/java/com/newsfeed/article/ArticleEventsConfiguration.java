package com.newsfeed.article;

import java.time.Clock;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.newsfeed.events.EventQueues;
import com.newsfeed.events.Receipts;
import com.newsfeed.store.Timeline;

/** The two durable queues of read events (reading counts, reading histories) and their consumers. */
@Configuration(proxyBeanMethods = false)
class ArticleEventsConfiguration {

    /**
     * A read by a logged-in reader, and one by nobody in particular: the history queue takes only the first (most
     * reads of a news app are anonymous, and its consumer would decode them all to drop them), the counts take both.
     */
    static final String READ_BY_A_READER = "article.read.reader";
    static final String READ_ANONYMOUSLY = "article.read.anonymous";

    @Bean
    Declarables readingCountsQueue(EventQueues queues) {
        return queues.queue(ReadingCounts.QUEUE, "article.read.*");
    }

    @Bean
    Declarables readingHistoryQueue(EventQueues queues) {
        return queues.queue(ReadingHistory.QUEUE, READ_BY_A_READER);
    }

    @Bean
    SimpleMessageListenerContainer readingCountsConsumer(EventQueues queues, JdbcTemplate jdbc,
            TransactionTemplate transactions, Receipts receipts, ArticleStatistics statistics, Clock clock) {
        return queues.consumer(ReadingCounts.QUEUE, ArticleRead.class,
                new ReadingCounts(jdbc, transactions, receipts, statistics, clock));
    }

    @Bean
    SimpleMessageListenerContainer readingHistoryConsumer(EventQueues queues, Timeline readingHistory) {
        return queues.consumer(ReadingHistory.QUEUE, ArticleRead.class, new ReadingHistory(readingHistory));
    }
}
