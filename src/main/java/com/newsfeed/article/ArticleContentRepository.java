package com.newsfeed.article;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.data.jpa.repository.JpaRepository;

interface ArticleContentRepository extends JpaRepository<ArticleContent, Long> {

    /** An article's body: what the body cache loads, and the uncached read. */
    default Optional<String> findBody(long id) {
        return findById(id).map(ArticleContent::getContent);
    }

    /** Many articles' bodies in one query, by article id. */
    default Map<Long, String> findBodies(Collection<Long> ids) {
        return findAllById(ids).stream().collect(Collectors.toMap(ArticleContent::getArticleId,
                ArticleContent::getContent));
    }
}
