package com.newsfeed.article;

import java.util.Arrays;
import java.util.List;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores up to three cover URLs in one column, space-separated: a valid URL never holds a raw space. */
@Converter
class CoverImagesConverter implements AttributeConverter<List<String>, String> {

    @Override
    public String convertToDatabaseColumn(List<String> urls) {
        return urls == null || urls.isEmpty() ? null : String.join(" ", urls);
    }

    @Override
    public List<String> convertToEntityAttribute(String column) {
        return column == null || column.isBlank() ? List.of() : Arrays.asList(column.strip().split(" +"));
    }
}
