package com.newsfeed.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.cache.CacheRegistry;
import com.newsfeed.cache.CacheStatistics;
import com.newsfeed.support.ApiTest;
import com.newsfeed.support.TestData;

/**
 * The cache dashboard in a real headless Chromium: an admin logs in and sees live per-cache figures (a non-zero L1
 * hit ratio after some reads, the charts, the Redis circuit), and evicts or clears only after confirming; a reader
 * is turned away. No test may leave an error in the browser's console.
 */
@ApiTest
class DashboardBrowserIT {

    private static final int TECH = 2;

    @RegisterExtension
    static final BrowserSession session = new BrowserSession();

    Browser browser;

    @Autowired
    RestTestClient client;

    @Autowired
    TestData data;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CacheRegistry caches;

    long article;

    @BeforeEach
    void setUp() {
        browser = session.browser();
        data.clear();
        long author = data.createUser(client, "Lin Wei");
        article = data.createArticle(client, author, TECH, "Chip makers report record quarter");
    }

    @Test
    void afterSomeReads_theDashboardShowsANonZeroL1HitRatio_andItsCharts() throws InterruptedException {
        for (int i = 0; i < 5; i++) { // at most the first read loads the article: the others are L1 hits
            client.get().uri("/api/articles/{id}", article).exchange().expectStatus().isOk();
        }
        assertThat(articleInfo().l1().hits()).isGreaterThanOrEqualTo(4);

        logInAsAdmin();

        String ratio = browser.await(driver -> {
            String shown = browser.find("tr[data-cache='article-info'] .l1-ratio").getText();
            return shown.equals("–") || shown.equals("0.0%") ? null : shown;
        });
        assertThat(ratio).isEqualTo(String.format("%.1f%%", 100 * articleInfo().l1().hitRatio()));
        assertThat(browser.find("#card-circuit .value").getText()).isEqualTo("CLOSED");
        assertThat(browser.findAll("#charts canvas")).hasSize(4);
        // From the second poll on, the rates of the interval between two polls are shown.
        browser.await(driver -> !browser.find("tr[data-cache='article-info'] td:nth-child(6)").getText().equals("–"));

        // Under steady reads (and some of missing ids, which the bloom filter turns away), the charts fill.
        browser.find("tr[data-cache='article-info']").click();
        try (ReadTraffic traffic = new ReadTraffic(client, readableIds())) {
            // Eight intervals of article-info's own figures: its hit ratios, and its rates (loads, bloom
            // rejections, lease waits) and weights, a point per interval in every line.
            browser.await(Duration.ofSeconds(40), driver -> points("ratio").get(0) >= 8);
            assertThat(traffic.reads()).isPositive();
            assertThat(points("rates")).hasSize(3).allMatch(count -> count >= 8);
            assertThat(points("weight")).hasSize(2).allMatch(count -> count >= 8);
            // One read in ten is of a missing id, which the bloom filter turns away: shown as a rate in the table.
            browser.await(driver -> Double.parseDouble(browser.find(
                    "tr[data-cache='article-info'] td:nth-child(7)").getText()) > 0);
        }
        assertThat(articleInfo().loads().bloomRejections()).isPositive();
        assertThat(browser.find("#selected-title").getText()).isEqualTo("Cache article-info");
        browser.screenshot("dashboard");
    }

    /** How many points each line of a chart has (ratio, rates, weight, lag: in the page's order). */
    private List<Integer> points(String chart) {
        int index = List.of("ratio", "rates", "weight", "lag").indexOf(chart);
        String points = browser.findAll("#charts figure").get(index).getDomAttribute("data-points");
        return points == null || points.isEmpty() ? List.of(0)
                : java.util.Arrays.stream(points.split(",")).map(Integer::valueOf).toList();
    }

    /** Twenty articles to read: the one of the fixture and nineteen more. */
    private List<Long> readableIds() {
        List<Long> ids = new ArrayList<>(List.of(article));
        long author = data.createUser(client, "Chen Jie");
        for (int i = 1; i < 20; i++) {
            ids.add(data.createArticle(client, author, TECH, "Headline " + i));
        }
        return ids;
    }

    @Test
    void clearingACache_asksFirst_andEmptiesItOnlyOnceConfirmed() {
        client.get().uri("/api/articles/{id}", article).exchange().expectStatus().isOk();
        assertThat(articleInfo().l1().size()).isEqualTo(1);
        logInAsAdmin();
        browser.await(driver -> browser.findAll("tr[data-cache='article-info']").size() == 1);
        browser.find("tr[data-cache='article-info']").click();
        browser.await(driver -> browser.find("#selected-title").getText().equals("Cache article-info"));

        browser.find("#clear").click();
        browser.await(driver -> browser.find("#confirm").isDisplayed());
        assertThat(browser.find("#confirm p").getText()).contains("article-info");
        browser.find("#confirm-cancel").click();
        browser.await(driver -> browser.findAll("#confirm").isEmpty());
        assertThat(articleInfo().l1().size()).as("kept: the admin cancelled").isEqualTo(1);

        browser.find("#clear").click();
        browser.await(driver -> browser.find("#confirm").isDisplayed());
        browser.find("#confirm-ok").click();

        browser.await(driver -> browser.find("#action-result").getText().equals("Done on every instance."));
        assertThat(articleInfo().l1().size()).isZero();
        long loads = articleInfo().loads().found();
        client.get().uri("/api/articles/{id}", article).exchange().expectStatus().isOk();
        assertThat(articleInfo().loads().found()).as("gone from L2 as well: loaded again").isEqualTo(loads + 1);
    }

    @Test
    void evictingAnId_dropsThatEntryOnly() {
        long other = data.createArticle(client, data.createUser(client, "Chen Jie"), TECH, "Rail link opens");
        client.get().uri("/api/articles/{id}", article).exchange().expectStatus().isOk();
        client.get().uri("/api/articles/{id}", other).exchange().expectStatus().isOk();
        assertThat(articleInfo().l1().size()).isEqualTo(2);
        logInAsAdmin();
        browser.await(driver -> browser.findAll("tr[data-cache='article-info']").size() == 1);
        browser.find("tr[data-cache='article-info']").click();

        browser.find("#evict-id").sendKeys(Long.toString(article));
        browser.find("#evict").click();
        browser.await(driver -> browser.find("#confirm").isDisplayed());
        assertThat(browser.find("#confirm p").getText()).contains("article-info entry " + article);
        browser.find("#confirm-ok").click();

        browser.await(driver -> browser.find("#action-result").getText().equals("Done on every instance."));
        assertThat(articleInfo().l1().size()).isEqualTo(1);
        long loads = articleInfo().loads().found();
        client.get().uri("/api/articles/{id}", other).exchange().expectStatus().isOk();
        assertThat(articleInfo().loads().found()).as("the other article is still cached").isEqualTo(loads);
        client.get().uri("/api/articles/{id}", article).exchange().expectStatus().isOk();
        assertThat(articleInfo().loads().found()).as("the evicted one is loaded again").isEqualTo(loads + 1);
    }

    @Test
    void aReader_isTurnedAway() {
        String mobile = data.signUp(client, "Zhang Min").mobile();
        browser.open("/dashboard");
        logIn(mobile);
        browser.await(driver -> browser.findAll("#view .failure").size() == 1);
        assertThat(browser.find("#view .failure").getText()).contains("for admins");
        assertThat(browser.findAll("#caches")).isEmpty();
    }

    private CacheStatistics articleInfo() {
        return caches.cache("article-info").orElseThrow().statistics();
    }

    private void logInAsAdmin() {
        String mobile = data.signUp(client, "Operator").mobile();
        jdbc.update("UPDATE users SET role = 'ADMIN' WHERE mobile = ?", mobile); // how an operator makes an admin
        browser.open("/dashboard");
        logIn(mobile);
        browser.await(driver -> browser.findAll("#caches tr").size() > 0);
    }

    private void logIn(String mobile) {
        browser.await(driver -> browser.findAll("#login-form").size() == 1);
        browser.find("#mobile").sendKeys(mobile);
        browser.find("#password").sendKeys(TestData.PASSWORD);
        browser.find("#login-submit").click();
    }
}
