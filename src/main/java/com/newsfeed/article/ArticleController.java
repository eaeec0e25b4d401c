package com.newsfeed.article;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.newsfeed.system.CachedJsonResponses;
import com.newsfeed.system.Ids;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

@RestController
class ArticleController {

    private final ArticleService articles;
    private final CachedJsonResponses responses;

    ArticleController(ArticleService articles, CachedJsonResponses responses) {
        this.articles = articles;
        this.responses = responses;
    }

    @GetMapping("/api/articles/{id}")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ArticleDetail.class)))
    ResponseEntity<byte[]> get(@PathVariable long id) {
        ArticleService.ResponseJson detail = articles.getResponseJson(Ids.requirePositive(id));
        return responses.ok(detail.json(), detail.tag(), detail.stale());
    }

    @GetMapping("/api/channels/{id}/articles")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = FeedPage.class)))
    ResponseEntity<byte[]> feed(@PathVariable @Positive int id, @RequestParam(required = false) String before,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        ArticleService.ResponseJson page = articles.feed(id, before, size);
        return responses.ok(page.json(), page.tag(), page.stale());
    }

    @GetMapping("/api/users/{id}/articles")
    ArticlePage byAuthor(@PathVariable @Positive long id,
            @RequestParam(defaultValue = "1") @Min(1) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return articles.byAuthor(id, page, size);
    }

    @PostMapping("/api/articles")
    ResponseEntity<ArticleDetail> create(@RequestBody @Valid CreateArticleRequest request) {
        ArticleDetail created = articles.create(request);
        return ResponseEntity.created(URI.create("/api/articles/" + created.id())).body(created);
    }

    @PatchMapping("/api/articles/{id}")
    ArticleDetail update(@PathVariable @Positive long id, @RequestBody @Valid UpdateArticleRequest request) {
        return articles.update(id, request);
    }

    @DeleteMapping("/api/articles/{id}")
    ResponseEntity<Void> delete(@PathVariable @Positive long id) {
        articles.delete(id);
        return ResponseEntity.noContent().build();
    }
}
