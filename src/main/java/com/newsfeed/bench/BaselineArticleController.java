package com.newsfeed.bench;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.newsfeed.article.ArticleService;
import com.newsfeed.system.CachedJsonResponses;
import com.newsfeed.system.Ids;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;

/**
 * {@code GET /api/bench/articles/{id}}: an article detail from a baseline (see {@link BenchProperties#baseline}),
 * answered with the same headers as the product's {@code GET /api/articles/{id}}. Only the benchmark calls it.
 */
@RestController
@Hidden
@ConditionalOnExpression("'${newsfeed.bench.baseline:none}' != 'none'")
class BaselineArticleController {

    private final BaselineDetails details;
    private final CachedJsonResponses responses;

    BaselineArticleController(BaselineDetails details, CachedJsonResponses responses) {
        this.details = details;
        this.responses = responses;
    }

    @GetMapping("/api/bench/articles/{id}")
    @Operation(summary = "An article through a benchmark baseline (anyone; only with newsfeed.bench.baseline)")
    ResponseEntity<byte[]> get(@PathVariable long id) {
        ArticleService.ResponseJson detail = details.detail(Ids.requirePositive(id));
        return responses.ok(detail.json(), detail.tag(), false);
    }
}
