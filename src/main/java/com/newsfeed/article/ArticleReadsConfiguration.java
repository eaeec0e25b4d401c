package com.newsfeed.article;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ArticleReadsConfiguration {

    /** The default: L1, L2, then the database, through the article caches. */
    @Bean
    @ConditionalOnProperty(name = "newsfeed.bench.article-reads", havingValue = "layered", matchIfMissing = true)
    ArticleReads layeredArticleReads(ArticleService articles) {
        return articles::getDetailJson;
    }
}
