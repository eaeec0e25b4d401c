package com.newsfeed.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole service on a random port, called over real HTTP. Runs on H2 and the embedded Redis by default, and on
 * the real MySQL-protocol database and Redis when the {@code mysql} profile is active (the real-services build).
 * All such tests share one configuration, so one application context serves them all. Each context writes its
 * Redis keys under a prefix of its own, so no test (and no other context alive in the same JVM) sees another's.
 * Reader events are consumed only when a test starts the consumers ({@link TestData#consumeEvents}), so no
 * background count changes a count (and an ETag) between two requests of a test; nor does the start-up counter fix run behind a test's back. The store
 * may take 2 s a command, not 250 ms: on a loaded machine a slow answer must not read as an outage.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"newsfeed.demo.enabled=false", "newsfeed.cache.key-prefix=it:${random.uuid}:",
                "newsfeed.store.key-prefix=its:${random.uuid}:", "newsfeed.events.names-prefix=it.${random.uuid}.",
                "newsfeed.events.consumer.auto-startup=false",
                "newsfeed.store.fix.on-start=false", "newsfeed.store.redis.timeout=2s"})
@AutoConfigureRestTestClient
@Import(TestData.class)
public @interface ApiTest {
}
