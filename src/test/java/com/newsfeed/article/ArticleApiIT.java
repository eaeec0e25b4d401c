package com.newsfeed.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.support.ApiTest;
import com.newsfeed.support.TestData;

@ApiTest
class ArticleApiIT {

    private static final int TECH = 2;
    private static final int SPORTS = 4;
    private static final int HIDDEN_ARCHIVE = 12;

    @Autowired
    RestTestClient client;

    @Autowired
    TestData data;

    long author;

    @BeforeEach
    void setUp() {
        data.clear();
        author = data.createUser(client, "Author");
    }

    @Test
    void create_thenGet_returnsInfoBodyAndAuthor() {
        data.as(client, author).post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("channelId", TECH, "title", "Caches at scale",
                        "content", "Leases stop stale sets.", "coverImages", List.of("https://img.test/c.jpg"),
                        "allowComment", false))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/articles/\\d+");
        long id = idsIn(TECH).get(0);

        client.get().uri("/api/articles/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.title").isEqualTo("Caches at scale")
                .jsonPath("$.content").isEqualTo("Leases stop stale sets.")
                .jsonPath("$.channelId").isEqualTo(TECH)
                .jsonPath("$.coverImages[0]").isEqualTo("https://img.test/c.jpg")
                .jsonPath("$.allowComment").isEqualTo(false)
                .jsonPath("$.pubdate").exists()
                .jsonPath("$.author.id").isEqualTo(author)
                .jsonPath("$.author.name").isEqualTo("Author");
    }

    @Test
    void create_hiddenChannel_is400AndWritesNothing() {
        data.as(client, author).post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("channelId", HIDDEN_ARCHIVE, "title", "t", "content", "c"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[*].field").isEqualTo(List.of("channelId"));
        assertThat(data.count("articles")).isZero();
        assertThat(data.count("article_contents")).isZero();
    }

    @Test
    void create_invalidFields_listsEachField() {
        data.as(client, author).post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "x".repeat(129), "content", "",
                        "coverImages", List.of("https://i.test/1", "https://i.test/2", "https://i.test/3",
                                "https://i.test/4")))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[*].field")
                .isEqualTo(List.of("channelId", "content", "coverImages", "title"));
        assertThat(data.count("articles")).isZero();
    }

    @Test
    void create_bodyOverTheLimit_is413AndWritesNothing() {
        String huge = "{\"channelId\":2,\"title\":\"t\",\"content\":\"" + "a".repeat(300_000) + "\"}";
        data.as(client, author).post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON).body(huge)
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(data.count("articles")).isZero();
    }

    @Test
    void feed_pagesNewestFirstWithACursorThatIgnoresNewArrivals() {
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(data.createArticle(client, author, TECH, "Tech " + i));
        }
        data.createArticle(client, author, SPORTS, "Elsewhere");

        FeedPage first = feed(TECH, null, 2);
        assertThat(first.items()).extracting(ArticleInfo::id).containsExactly(created.get(4), created.get(3));
        assertThat(first.nextCursor()).isNotNull();

        data.createArticle(client, author, TECH, "Breaking, after page one");

        FeedPage second = feed(TECH, first.nextCursor(), 2);
        assertThat(second.items()).extracting(ArticleInfo::id).containsExactly(created.get(2), created.get(1));
        FeedPage last = feed(TECH, second.nextCursor(), 2);
        assertThat(last.items()).extracting(ArticleInfo::id).containsExactly(created.get(0));
        assertThat(last.nextCursor()).isNull();
    }

    @Test
    void feed_errors() {
        client.get().uri("/api/channels/{id}/articles", 999).exchange().expectStatus().isNotFound();
        client.get().uri("/api/channels/{id}/articles", HIDDEN_ARCHIVE).exchange().expectStatus().isNotFound();
        client.get().uri("/api/channels/2/articles?before=yesterday").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("before");
        client.get().uri("/api/channels/2/articles?size=101").exchange().expectStatus().isBadRequest();
        client.get().uri("/api/channels/2/articles?size=0").exchange().expectStatus().isBadRequest();
        client.get().uri("/api/channels/2/articles?size=ten").exchange().expectStatus().isBadRequest();
    }

    @Test
    void delete_hidesTheArticleFromReadsAndLists() {
        long id = data.createArticle(client, author, TECH, "Short-lived");

        data.asAdmin(client).delete().uri("/api/articles/{id}", id).exchange().expectStatus().isNoContent();

        client.get().uri("/api/articles/{id}", id).exchange().expectStatus().isNotFound();
        assertThat(idsIn(TECH)).isEmpty();
        client.get().uri("/api/users/{id}/articles", author).exchange()
                .expectBody().jsonPath("$.total").isEqualTo(0);
        data.asAdmin(client).delete().uri("/api/articles/{id}", id).exchange().expectStatus().isNotFound();
        data.asAdmin(client).patch().uri("/api/articles/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "Back?")).exchange().expectStatus().isNotFound();
        assertThat(data.count("articles")).isEqualTo(1);
    }

    @Test
    void patch_updatesInfoAndBody() {
        long id = data.createArticle(client, author, TECH, "Draft title");

        data.asAdmin(client).patch().uri("/api/articles/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "Final title", "content", "New body", "channelId", SPORTS))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.title").isEqualTo("Final title")
                .jsonPath("$.content").isEqualTo("New body");

        client.get().uri("/api/articles/{id}", id).exchange()
                .expectBody()
                .jsonPath("$.title").isEqualTo("Final title")
                .jsonPath("$.content").isEqualTo("New body")
                .jsonPath("$.channelId").isEqualTo(SPORTS);
        assertThat(idsIn(SPORTS)).containsExactly(id);
    }

    @Test
    void patch_invalidChannel_is400AndChangesNothing() {
        long id = data.createArticle(client, author, TECH, "Stays");

        data.asAdmin(client).patch().uri("/api/articles/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "Changed", "channelId", HIDDEN_ARCHIVE)).exchange()
                .expectStatus().isBadRequest();

        client.get().uri("/api/articles/{id}", id).exchange()
                .expectBody().jsonPath("$.title").isEqualTo("Stays");
    }

    @Test
    void drafts_areHiddenUntilPublished() {
        Map<?, ?> draft = data.as(client, author).post().uri("/api/articles").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("channelId", TECH, "title", "Soon", "content", "c", "draft", true))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        long id = ((Number) draft.get("id")).longValue();
        client.get().uri("/api/articles/{id}", id).exchange().expectStatus().isNotFound();
        assertThat(idsIn(TECH)).isEmpty();

        data.asAdmin(client).patch().uri("/api/articles/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("draft", false)).exchange().expectStatus().isOk();

        client.get().uri("/api/articles/{id}", id).exchange().expectStatus().isOk();
        assertThat(idsIn(TECH)).containsExactly(id);
    }

    @Test
    void byAuthor_pagesWithTotal() {
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(data.createArticle(client, author, TECH, "Mine " + i));
        }
        data.createArticle(client, data.createUser(client, "Other"), TECH, "Not mine");

        client.get().uri("/api/users/{id}/articles?page=1&size=2", author).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.total").isEqualTo(3)
                .jsonPath("$.page").isEqualTo(1)
                .jsonPath("$.items[*].id").isEqualTo(TestData.ints(created.get(2), created.get(1)));
        client.get().uri("/api/users/{id}/articles?page=2&size=2", author).exchange()
                .expectBody().jsonPath("$.items[*].id").isEqualTo(TestData.ints(created.get(0)));
        client.get().uri("/api/users/{id}/articles", 999_999).exchange().expectStatus().isNotFound();
        client.get().uri("/api/users/{id}/articles?page=0", author).exchange().expectStatus().isBadRequest();
        client.get().uri("/api/users/{id}/articles?size=500", author).exchange().expectStatus().isBadRequest();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-1", "9223372036854775808"})
    void badIds_are400OnEveryArticleEndpoint(String id) {
        client.get().uri("/api/articles/" + id).exchange().expectStatus().isBadRequest();
        data.asAdmin(client).delete().uri("/api/articles/" + id).exchange().expectStatus().isBadRequest();
        data.asAdmin(client).patch().uri("/api/articles/" + id).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "x"))
                .exchange().expectStatus().isBadRequest();
    }

    private List<Long> idsIn(int channel) {
        return feed(channel, null, 100).items().stream().map(ArticleInfo::id).toList();
    }

    private FeedPage feed(int channel, String before, int size) {
        return client.get()
                .uri(b -> b.path("/api/channels/{id}/articles").queryParam("size", size)
                        .queryParamIfPresent("before", java.util.Optional.ofNullable(before)).build(channel))
                .exchange()
                .expectStatus().isOk()
                .expectBody(FeedPage.class).returnResult().getResponseBody();
    }
}
