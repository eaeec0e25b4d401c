package com.newsfeed.article;

import org.springframework.data.jpa.repository.JpaRepository;

interface ArticleContentRepository extends JpaRepository<ArticleContent, Long> {
}
