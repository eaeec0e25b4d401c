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

    static final String READ = "article.read";

    @Bean
    Declarables readingCountsQueue(EventQueues queues) {
        return queues.queue(ReadingCounts.QUEUE, READ);
    }

    @Bean
    Declarables readingHistoryQueue(EventQueues queues) {
        return queues.queue(ReadingHistory.QUEUE, READ);
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
