package com.newsfeed.article;

import java.net.URI;
import java.util.List;

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

import com.newsfeed.security.Caller;
import com.newsfeed.security.Reader;
import com.newsfeed.system.CachedJsonResponses;
import com.newsfeed.system.Ids;
import com.newsfeed.system.PageParameters;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

@RestController
class ArticleController {

    private final ArticleService articles;
    private final ArticleReads reads;
    private final CachedJsonResponses responses;

    ArticleController(ArticleService articles, ArticleReads reads, CachedJsonResponses responses) {
        this.articles = articles;
        this.reads = reads;
        this.responses = responses;
    }

    @GetMapping("/api/articles/{id}")
    @Operation(summary = "An article with its body, author and counts; counts the read, and a logged-in reader's "
            + "history keeps it (anyone)")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ArticleDetail.class)))
    ResponseEntity<byte[]> get(@PathVariable long id, Reader reader) {
        ArticleService.ResponseJson detail = reads.read(Ids.requirePositive(id), reader);
        return responses.ok(detail.json(), detail.tag(), detail.stale());
    }

    @GetMapping("/api/articles/hot")
    @Operation(summary = "The most read articles, overall or in a channel, most read first (anyone)")
    List<ArticleInfo> hot(@RequestParam(required = false) @Positive Integer channelId,
            @RequestParam(required = false) @Min(1) @Max(100) Integer size) {
        return reads.hot(channelId, PageParameters.size(size));
    }

    @GetMapping("/api/user/histories")
    @Operation(summary = "The caller's reading history, newest first, by page number (any logged-in user)",
            security = @SecurityRequirement(name = "bearer"))
    HistoryPage history(Caller caller, @RequestParam(required = false) @Min(1) @Max(100) Integer page,
            @RequestParam(required = false) @Min(1) @Max(100) Integer size) {
        return reads.history(caller.userId(), PageParameters.page(page), PageParameters.size(size));
    }

    @GetMapping("/api/channels/{id}/articles")
    @Operation(summary = "A channel's feed, newest first, by cursor (anyone)")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = FeedPage.class)))
    ResponseEntity<byte[]> feed(@PathVariable @Positive int id, @RequestParam(required = false) String before,
            @RequestParam(required = false) @Min(1) @Max(100) Integer size) {
        ArticleService.ResponseJson page = articles.feed(id, before, PageParameters.size(size));
        return responses.ok(page.json(), page.tag(), page.stale());
    }

    @GetMapping("/api/users/{id}/articles")
    @Operation(summary = "A user's published articles, newest first, by page number (anyone)")
    ArticlePage byAuthor(@PathVariable @Positive long id,
            @RequestParam(required = false) @Min(1) @Max(10_000) Integer page,
            @RequestParam(required = false) @Min(1) @Max(100) Integer size) {
        return articles.byAuthor(id, PageParameters.page(page), PageParameters.size(size));
    }

    @PostMapping("/api/articles")
    @Operation(summary = "Write an article as the caller (any logged-in user)",
            security = @SecurityRequirement(name = "bearer"))
    ResponseEntity<ArticleDetail> create(@RequestBody @Valid CreateArticleRequest request, Caller caller) {
        ArticleDetail created = articles.create(request, caller);
        return ResponseEntity.created(URI.create("/api/articles/" + created.id())).body(created);
    }

    @PatchMapping("/api/articles/{id}")
    @Operation(summary = "Edit an article (its author or an admin)", security = @SecurityRequirement(name = "bearer"))
    ArticleDetail update(@PathVariable @Positive long id, @RequestBody @Valid UpdateArticleRequest request,
            Caller caller) {
        return articles.update(id, request, caller);
    }

    @DeleteMapping("/api/articles/{id}")
    @Operation(summary = "Delete an article (its author or an admin)",
            security = @SecurityRequirement(name = "bearer"))
    ResponseEntity<Void> delete(@PathVariable @Positive long id, Caller caller) {
        articles.delete(id, caller);
        return ResponseEntity.noContent().build();
    }
}
