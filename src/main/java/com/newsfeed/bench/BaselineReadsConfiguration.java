package com.newsfeed.bench;

import java.util.zip.CRC32C;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.newsfeed.article.ArticleDetail;
import com.newsfeed.article.ArticleReads;
import com.newsfeed.article.ArticleService;
import com.newsfeed.system.ResourceNotFoundException;

import tools.jackson.databind.json.JsonMapper;

/** The "no cache" mode: every {@code GET /api/articles/{id}} reads article, body and author through JPA. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "newsfeed.bench.article-reads", havingValue = "database")
class BaselineReadsConfiguration {

    @Bean
    ArticleReads databaseArticleReads(ArticleService articles, JsonMapper json) {
        return id -> detailJson(articles.loadDetail(id)
                .orElseThrow(() -> new ResourceNotFoundException("article", id)), json);
    }

    /** Serialised per request, as a plain controller returning the record would be; the ETag is its checksum. */
    static ArticleService.DetailJson detailJson(ArticleDetail detail, JsonMapper json) {
        byte[] bytes = json.writeValueAsBytes(detail);
        CRC32C checksum = new CRC32C();
        checksum.update(bytes);
        return new ArticleService.DetailJson(bytes, Long.toHexString(checksum.getValue()), false);
    }
}
