package com.newsfeed.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.support.ApiTest;
import com.newsfeed.support.TestData;

/** Likes and collections: idempotent, counted exactly under contention, shown in the detail and the profile. */
@ApiTest
class ReactionApiIT {

    private static final int TECH = 2;

    @Autowired
    RestTestClient client;

    @Autowired
    TestData data;

    long author;
    long reader;
    long article;

    @BeforeEach
    void setUp() {
        data.clear();
        author = data.createUser(client, "Author");
        reader = data.insertUser("Reader");
        article = data.createArticle(client, author, TECH, "Worth a like");
    }

    @Test
    void likingTwice_countsOnce_andUnlikingTwice_takesItBackOnce() {
        for (int i = 0; i < 2; i++) {
            data.as(client, reader).post().uri("/api/articles/{id}/likes", article).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.liked").isEqualTo(true)
                    .jsonPath("$.collected").isEqualTo(false)
                    .jsonPath("$.counts.likes").isEqualTo(1);
        }
        assertThat(data.count("article_likes")).isEqualTo(1);
        assertThat(data.score(ArticleStatistics.LIKING, article)).isEqualTo(1);
        assertThat(data.score("count:user:liked", author)).isEqualTo(1);
        client.get().uri("/api/articles/{id}", article).exchange().expectBody()
                .jsonPath("$.counts.likes").isEqualTo(1)
                .jsonPath("$.counts.collections").isEqualTo(0);
        client.get().uri("/api/users/{id}", author).exchange().expectBody()
                .jsonPath("$.counts.likes").isEqualTo(1)
                .jsonPath("$.counts.articles").isEqualTo(1);

        for (int i = 0; i < 2; i++) {
            data.as(client, reader).delete().uri("/api/articles/{id}/likes", article).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.liked").isEqualTo(false)
                    .jsonPath("$.counts.likes").isEqualTo(0);
        }
        assertThat(data.count("article_likes")).isZero();
        assertThat(data.score(ArticleStatistics.LIKING, article)).isZero();
        assertThat(data.score("count:user:liked", author)).isZero();
    }

    @Test
    void collecting_isIdempotent_andCountedApartFromLikes() {
        data.as(client, reader).post().uri("/api/articles/{id}/collections", article).exchange()
                .expectStatus().isOk();
        data.as(client, reader).post().uri("/api/articles/{id}/collections", article).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.collected").isEqualTo(true)
                .jsonPath("$.liked").isEqualTo(false)
                .jsonPath("$.counts.collections").isEqualTo(1)
                .jsonPath("$.counts.likes").isEqualTo(0);
        assertThat(data.count("article_collections")).isEqualTo(1);
        assertThat(data.score(ArticleStatistics.COLLECTING, article)).isEqualTo(1);
        data.as(client, reader).get().uri("/api/articles/{id}/reactions", article).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.collected").isEqualTo(true);
    }

    @Test
    void twoHundredUsersLikeOneArticleAtOnce_theCountIsExactly200_andLikingAgainChangesNothing() throws Exception {
        List<Long> readers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            readers.add(data.insertUser("Reader " + i));
        }
        likeAllAtOnce(readers);
        likeAllAtOnce(readers);

        assertThat(data.count("article_likes WHERE article_id = " + article)).isEqualTo(200);
        assertThat(data.score(ArticleStatistics.LIKING, article)).isEqualTo(200);
        assertThat(data.score("count:user:liked", author)).isEqualTo(200);
        // The copies in memory took the replies in whatever order they came: right within a refresh (1 s).
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            client.get().uri("/api/articles/{id}", article).exchange().expectBody()
                    .jsonPath("$.counts.likes").isEqualTo(200);
            client.get().uri("/api/users/{id}", author).exchange().expectBody()
                    .jsonPath("$.counts.likes").isEqualTo(200);
        });
    }

    @Test
    void theDetailsTag_changesWithItsCounts() {
        String before = client.get().uri("/api/articles/{id}", article).exchange().expectStatus().isOk()
                .returnResult().getResponseHeaders().getETag();
        client.get().uri("/api/articles/{id}", article).header("If-None-Match", before).exchange()
                .expectStatus().isNotModified();
        data.as(client, reader).post().uri("/api/articles/{id}/likes", article).exchange().expectStatus().isOk();

        String after = client.get().uri("/api/articles/{id}", article).header("If-None-Match", before).exchange()
                .expectStatus().isOk()
                .returnResult().getResponseHeaders().getETag();
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void reactions_badRequests_changeNothing() {
        long draft = data.createDraft(client, author, TECH, "Not yet");
        data.as(client, reader).post().uri("/api/articles/{id}/likes", draft).exchange().expectStatus().isNotFound();
        data.as(client, reader).post().uri("/api/articles/{id}/likes", 987_654_321L).exchange()
                .expectStatus().isNotFound();
        data.as(client, reader).post().uri("/api/articles/0/likes").exchange().expectStatus().isBadRequest();
        data.as(client, reader).post().uri("/api/articles/x/collections").exchange().expectStatus().isBadRequest();
        client.post().uri("/api/articles/{id}/likes", article).exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/articles/{id}/reactions", article).exchange().expectStatus().isUnauthorized();
        assertThat(data.count("article_likes")).isZero();
        assertThat(data.count("article_collections")).isZero();
        assertThat(data.score(ArticleStatistics.LIKING, draft)).isZero();
    }

    /** Every reader likes the article at once: the requests start together behind one latch. */
    private void likeAllAtOnce(List<Long> readers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Integer>> likes = readers.stream().map(id -> CompletableFuture.supplyAsync(() -> {
                awaitQuietly(start);
                return data.as(client, id).post().uri("/api/articles/{id}/likes", article).exchange()
                        .returnResult().getStatus().value();
            }, pool)).toList();
            start.countDown();
            for (CompletableFuture<Integer> like : likes) {
                assertThat(like.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
