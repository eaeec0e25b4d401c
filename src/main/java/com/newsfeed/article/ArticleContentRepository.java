package com.newsfeed.article;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ArticleContentRepository extends JpaRepository<ArticleContent, Long> {

    /** An article's body: what the body cache loads, and the uncached read. */
    default Optional<String> findBody(long id) {
        return findById(id).map(ArticleContent::getContent);
    }
}
