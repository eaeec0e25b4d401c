package com.newsfeed.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CoverImagesConverterTest {

    private final CoverImagesConverter converter = new CoverImagesConverter();

    @Test
    void urls_roundTripThroughOneColumn() {
        List<String> urls = List.of("https://img.test/a.jpg", "https://img.test/b%20c.jpg");

        String column = converter.convertToDatabaseColumn(urls);

        assertThat(column).isEqualTo("https://img.test/a.jpg https://img.test/b%20c.jpg");
        assertThat(converter.convertToEntityAttribute(column)).isEqualTo(urls);
    }

    @Test
    void noCovers_isNullInTheDatabaseAndEmptyInJava() {
        assertThat(converter.convertToDatabaseColumn(List.of())).isNull();
        assertThat(converter.convertToEntityAttribute(null)).isEmpty();
        assertThat(converter.convertToEntityAttribute("  ")).isEmpty();
    }
}
