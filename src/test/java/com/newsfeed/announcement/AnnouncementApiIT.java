package com.newsfeed.announcement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.support.ApiTest;
import com.newsfeed.support.TestData;

@ApiTest
class AnnouncementApiIT {

    @Autowired
    RestTestClient client;

    @Autowired
    TestData data;

    @BeforeEach
    void clear() {
        data.clear();
    }

    @Test
    void create_thenGet() {
        data.asAdmin(client).post().uri("/api/announcements").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "Maintenance", "content", "Tonight 2-3am")).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/announcements/\\d+")
                .expectBody().jsonPath("$.pubdate").exists();
        long id = data.createAnnouncement(client, "Second");

        client.get().uri("/api/announcements/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.title").isEqualTo("Second")
                .jsonPath("$.content").isEqualTo("About Second");
    }

    @Test
    void list_pagesNewestFirstWithoutContent() {
        long first = data.createAnnouncement(client, "One");
        long second = data.createAnnouncement(client, "Two");
        long third = data.createAnnouncement(client, "Three");

        client.get().uri("/api/announcements?page=1&size=2").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.total").isEqualTo(3)
                .jsonPath("$.items[*].id").isEqualTo(TestData.ints(third, second))
                .jsonPath("$.items[0].content").doesNotExist();
        client.get().uri("/api/announcements?page=2&size=2").exchange()
                .expectBody().jsonPath("$.items[*].id").isEqualTo(TestData.ints(first));
    }

    @Test
    void patchAndDelete() {
        long id = data.createAnnouncement(client, "Old");

        data.asAdmin(client).patch().uri("/api/announcements/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "New")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.title").isEqualTo("New").jsonPath("$.content").isEqualTo("About Old");
        data.asAdmin(client).delete().uri("/api/announcements/{id}", id).exchange().expectStatus().isNoContent();

        client.get().uri("/api/announcements/{id}", id).exchange().expectStatus().isNotFound();
        client.get().uri("/api/announcements").exchange().expectBody().jsonPath("$.total").isEqualTo(0);
        data.asAdmin(client).delete().uri("/api/announcements/{id}", id).exchange().expectStatus().isNotFound();
    }

    @Test
    void draft_isNotListedOrReadable() {
        Map<?, ?> draft = data.asAdmin(client).post().uri("/api/announcements").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "Later", "content", "c", "draft", true)).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();

        client.get().uri("/api/announcements/{id}", draft.get("id")).exchange().expectStatus().isNotFound();
        client.get().uri("/api/announcements").exchange().expectBody().jsonPath("$.total").isEqualTo(0);
    }

    @Test
    void errors() {
        data.asAdmin(client).post().uri("/api/announcements").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "", "content", " ")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[*].field").isEqualTo(List.of("content", "title"));
        data.asAdmin(client).patch().uri("/api/announcements/{id}", 5).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", "x")).exchange().expectStatus().isNotFound();
        client.get().uri("/api/announcements/zero").exchange().expectStatus().isBadRequest();
        client.get().uri("/api/announcements?size=0").exchange().expectStatus().isBadRequest();
        client.get().uri("/api/announcements?page=-1").exchange().expectStatus().isBadRequest();
        client.get().uri("/api/announcements/{id}", 77).exchange().expectStatus().isNotFound();
        assertThat(data.count("announcements")).isZero();
    }
}
