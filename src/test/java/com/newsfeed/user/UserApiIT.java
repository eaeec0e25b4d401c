package com.newsfeed.user;

import static org.assertj.core.api.Assertions.assertThat;

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
class UserApiIT {

    @Autowired
    RestTestClient client;

    @Autowired
    TestData data;

    @BeforeEach
    void clear() {
        data.clear();
    }

    @Test
    void create_returnsProfileWithLocationAndWithoutMobile() {
        client.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "  Ada  ", "mobile", "+8613800001111", "password", TestData.PASSWORD,
                        "photo", "https://img.test/a.png", "gender", "FEMALE", "birthday", "1990-04-01"))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/users/\\d+")
                .expectBody()
                .jsonPath("$.name").isEqualTo("Ada")
                .jsonPath("$.isMedia").isEqualTo(false)
                .jsonPath("$.gender").isEqualTo("FEMALE")
                .jsonPath("$.birthday").isEqualTo("1990-04-01")
                .jsonPath("$.mobile").doesNotExist();
        assertThat(data.count("users WHERE role = 'USER'")).isEqualTo(1);
        assertThat(data.count("users WHERE password_hash LIKE '{bcrypt}%' AND role = 'USER'")).isEqualTo(1);
    }

    @Test
    void get_returnsPublicProfile() {
        long id = data.createUser(client, "Grace");

        client.get().uri("/api/users/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(id)
                .jsonPath("$.name").isEqualTo("Grace")
                .jsonPath("$.gender").isEqualTo("UNKNOWN")
                .jsonPath("$.mobile").doesNotExist()
                .jsonPath("$.status").doesNotExist();
    }

    @Test
    void get_unknownUser_is404Problem() {
        client.get().uri("/api/users/{id}", 987_654).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("No user with id 987654.");
    }

    @Test
    void patch_changesOnlyGivenFields() {
        long id = data.createUser(client, "Linus");

        data.as(client, id).patch().uri("/api/users/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("intro", "Kernel hacker"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.name").isEqualTo("Linus")
                .jsonPath("$.intro").isEqualTo("Kernel hacker");
        data.asAdmin(client).patch().uri("/api/users/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("certification", "Verified")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.certification").isEqualTo("Verified");
        client.get().uri("/api/users/{id}", id).exchange()
                .expectBody().jsonPath("$.intro").isEqualTo("Kernel hacker");
    }

    @Test
    void patch_disablingHidesTheProfile() {
        long id = data.createUser(client, "Mallory");

        data.asAdmin(client).patch().uri("/api/users/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("status", "DISABLED")).exchange()
                .expectStatus().isOk();

        client.get().uri("/api/users/{id}", id).exchange().expectStatus().isNotFound();
    }

    @Test
    void patch_unknownUser_is404AndCreatesNothing() {
        data.asAdmin(client).patch().uri("/api/users/{id}", 4242).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "Ghost")).exchange()
                .expectStatus().isNotFound();
        assertThat(data.count("users WHERE role = 'USER'")).isZero();
    }

    @Test
    void create_invalidFields_listsOneMessagePerFieldAndWritesNothing() {
        client.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", " ", "mobile", "12ab", "password", "short", "photo", "not a url",
                        "birthday", "2999-01-01"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors.length()").isEqualTo(5)
                .jsonPath("$.errors[?(@.field == 'password')]").exists()
                .jsonPath("$.errors[?(@.field == 'name')].message").isEqualTo("must not be blank")
                .jsonPath("$.errors[?(@.field == 'mobile')]").exists()
                .jsonPath("$.errors[?(@.field == 'photo')].message")
                .isEqualTo("must be an http(s) URL of printable ASCII, at most 255 characters")
                .jsonPath("$.errors[?(@.field == 'birthday')].message")
                        .isEqualTo("must be a date from 1900-01-01 to today");
        assertThat(data.count("users WHERE role = 'USER'")).isZero();
    }

    @Test
    void create_missingRequiredFields_is400() {
        client.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON).body("{}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[*].field").isEqualTo(java.util.List.of("mobile", "name", "password"));
    }

    @Test
    void create_duplicateMobile_is409() {
        String mobile = TestData.nextMobile();
        client.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "First", "mobile", mobile, "password", TestData.PASSWORD)).exchange()
                .expectStatus().isCreated();

        client.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "Second", "mobile", mobile, "password", TestData.PASSWORD)).exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(data.count("users WHERE role = 'USER'")).isEqualTo(1);
    }

    @Test
    void create_unknownField_is400() {
        client.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "Eve", "mobile", TestData.nextMobile(), "password", TestData.PASSWORD,
                        "role", "ADMIN")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("Unknown field 'role'.");
        assertThat(data.count("users WHERE role = 'USER'")).isZero();
    }

    @Test
    void create_malformedJson_is400() {
        client.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON).body("{\"name\": \"x\",")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void patch_wrongType_namesTheField() {
        long id = data.createUser(client, "Typed");
        data.as(client, id).patch().uri("/api/users/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .body("{\"gender\": \"ROBOT\"}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("Field 'gender' has a value of the wrong type or format.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-5", "99999999999999999999", "1.5"})
    void get_badId_is400(String id) {
        client.get().uri("/api/users/" + id).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("id");
    }

    /** The edges of the accepted range, a leap day and the epoch all come back as sent, from the API and the table. */
    @ParameterizedTest
    @ValueSource(strings = {"1900-01-01", "1969-12-31", "1970-01-01", "2000-02-29", "TODAY"})
    void birthday_isStoredExactly(String sent) {
        String birthday = sent.equals("TODAY") ? java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString() : sent;
        long id = data.createUser(client, "Dated");

        data.as(client, id).patch().uri("/api/users/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("birthday", birthday)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.birthday").isEqualTo(birthday);

        data.as(client, id).get().uri("/api/user").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.birthday").isEqualTo(birthday);
        assertThat(data.count("users WHERE birthday = DATE '" + birthday + "'")).isEqualTo(1);
    }
}
