package com.newsfeed.bench;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.newsfeed.article.ArticleService;
import com.newsfeed.system.ResourceNotFoundException;

import tools.jackson.databind.json.JsonMapper;

/** The "no cache" baseline: article, body and author through JPA on every read, serialised every time. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "newsfeed.bench.baseline", havingValue = "database")
class BaselineConfiguration {

    @Bean
    BaselineDetails databaseDetails(ArticleService articles, JsonMapper json) {
        return id -> BaselineDetails.serialise(articles.loadDetail(id)
                .orElseThrow(() -> new ResourceNotFoundException("article", id)), json);
    }
}
