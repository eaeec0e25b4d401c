package com.newsfeed.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.support.ApiTest;

/** The frontend's pages over plain HTTP: served from the jar, each with its Content-Security-Policy. */
@ApiTest
class FrontendPagesApiIT {

    private static final String CSP = "Content-Security-Policy";

    @Autowired
    RestTestClient client;

    @Test
    void theReader_isServedAtTheRoot_withAPolicyAllowingOnlyThisOriginsScripts() {
        String policy = client.get().uri("/").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(page -> assertThat(page).contains("src=\"/js/reader.js\""))
                .returnResult().getResponseHeaders().getFirst(CSP);
        assertThat(policy).contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                .contains("img-src 'self' data: https: http:") // article covers live on image hosts
                .doesNotContain("unsafe-inline", "unsafe-eval");
    }

    @Test
    void theDashboard_isServedAtItsPath_withoutForeignImages() {
        String policy = client.get().uri("/dashboard").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(page -> assertThat(page).contains("src=\"/js/dashboard.js\""))
                .returnResult().getResponseHeaders().getFirst(CSP);
        assertThat(policy).contains("default-src 'self'", "frame-ancestors 'none'").endsWith("img-src 'self' data:");
    }

    @Test
    void theApi_andTheScripts_carryNoPagePolicy() {
        client.get().uri("/api/channels").exchange().expectStatus().isOk().expectHeader().doesNotExist(CSP);
        client.get().uri("/js/reader.js").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/javascript")
                .expectHeader().doesNotExist(CSP);
        client.get().uri("/webjars/uplot/dist/uPlot.esm.js").exchange().expectStatus().isOk();
    }
}
