package com.newsfeed.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeedCursorTest {

    @Test
    void toString_thenParse_roundTrips() {
        FeedCursor cursor = FeedCursor.of(new FeedEntry(42, Instant.parse("2026-11-01T08:30:00.250Z")).listed());

        assertThat(cursor.toString()).isEqualTo("1793521800250-42");
        assertThat(FeedCursor.parse(cursor.toString())).contains(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "12", "12-", "-12", "1-2-3", "1793521800250-42 ", "9999999999999999-1",
            "1-9999999999999999999"})
    void parse_rejectsAnythingItDidNotWrite(String text) {
        assertThat(FeedCursor.parse(text)).isEmpty();
    }
}
