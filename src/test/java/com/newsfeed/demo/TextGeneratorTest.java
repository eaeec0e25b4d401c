package com.newsfeed.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class TextGeneratorTest {

    @Test
    void body_isBetweenOneAndFourKilobytes() {
        TextGenerator text = new TextGenerator(new SplittableRandom(1));

        IntStream.range(0, 2_000).mapToObj(i -> text.body()).forEach(body -> assertThat(body.length())
                .isBetween(1_024, 4_096));
    }

    @Test
    void sameSeed_sameText() {
        TextGenerator first = new TextGenerator(new SplittableRandom(99));
        TextGenerator second = new TextGenerator(new SplittableRandom(99));

        assertThat(first.title() + first.body()).isEqualTo(second.title() + second.body());
    }

    @Test
    void title_fitsTheColumn() {
        TextGenerator text = new TextGenerator(new SplittableRandom(5));

        IntStream.range(0, 1_000).mapToObj(i -> text.title())
                .forEach(title -> assertThat(title).hasSizeLessThanOrEqualTo(128).matches("[A-Z][a-z ]+"));
    }
}
