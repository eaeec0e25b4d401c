package com.newsfeed.bench;

import java.util.zip.CRC32C;

import com.newsfeed.article.ArticleDetail;
import com.newsfeed.article.ArticleService;

import tools.jackson.databind.json.JsonMapper;

/** Where a baseline mode reads an article detail from; throws {@code ResourceNotFoundException} for none. */
@FunctionalInterface
interface BaselineDetails {

    ArticleService.ResponseJson detail(long id);

    /** Serialised as a plain controller returning the record would be; the ETag is its checksum. */
    static ArticleService.ResponseJson serialise(ArticleDetail detail, JsonMapper json) {
        byte[] bytes = json.writeValueAsBytes(detail);
        CRC32C checksum = new CRC32C();
        checksum.update(bytes);
        return new ArticleService.ResponseJson(bytes, Long.toHexString(checksum.getValue()), false);
    }
}
