package com.newsfeed.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.newsfeed.support.ApiTest;
import com.newsfeed.support.TestData;

/**
 * The news reader in a real headless Chromium, against the whole service: the feed, its next page on scroll, an
 * article (and its 304 on a re-read), logging in and liking, an author's page and following, the reading history,
 * and the phone width. No test may leave an error in the browser's console.
 */
@ApiTest
class ReaderBrowserIT {

    private static final int TECH = 2;
    private static final int STORIES = 25; // a page is 20: the 21st to 25th come with the next page

    @RegisterExtension
    static final BrowserSession session = new BrowserSession();

    Browser browser;

    @Autowired
    RestTestClient client;

    @Autowired
    TestData data;

    long author;
    List<Long> articles = new ArrayList<>();
    List<String> titles = new ArrayList<>(); // newest first, as the feed shows them

    @BeforeEach
    void setUp() {
        browser = session.browser();
        data.clear();
        author = data.createUser(client, "Lin Wei");
        for (int i = 1; i <= STORIES; i++) {
            String title = String.format("Story %02d: %s", i, Headlines.of(i));
            articles.add(0, data.createArticle(client, author, TECH, title));
            titles.add(0, title);
        }
    }

    @Test
    void feed_showsTheChannelsNewestTitlesInOrder() {
        browser.open("/#/channels/" + TECH);

        List<String> shown = browser.await(driver -> feedTitles().size() >= 20 ? feedTitles() : null);
        assertThat(shown).containsExactlyElementsOf(titles.subList(0, 20));
        assertThat(browser.find("#channels a.selected").getText()).isEqualTo("tech");
        assertThat(browser.find("#feed .story .author").getText()).isEqualTo("Lin Wei");
        browser.screenshot("reader-feed");
    }

    @Test
    void scrollingToTheEnd_loadsTheNextPage() {
        browser.open("/#/channels/" + TECH);
        browser.await(driver -> feedTitles().size() == 20);
        assertThat(browser.find("#feed").getDomAttribute("data-pages")).isEqualTo("1");

        browser.script("window.scrollTo(0, document.body.scrollHeight)");

        browser.await(driver -> feedTitles().size() == STORIES);
        assertThat(feedTitles()).containsExactlyElementsOf(titles);
        assertThat(browser.find("#feed").getDomAttribute("data-pages")).isEqualTo("2");
        browser.await(driver -> browser.find("#feed-status").getText().equals("You are all caught up."));
    }

    @Test
    void openingAnArticle_showsItsContent_andReadingItAgainIsA304() {
        browser.open("/#/channels/" + TECH);
        browser.await(driver -> feedTitles().size() >= 20);

        browser.find("#feed .story .title").click();

        WebElement article = browser.await(driver -> browser.findAll("#article").stream().findFirst().orElse(null));
        assertThat(browser.find(".article-title").getText()).isEqualTo(titles.get(0));
        assertThat(browser.find("#content").getText()).isEqualTo("Body of " + titles.get(0));
        assertThat(browser.find("#article .author").getText()).isEqualTo("Lin Wei");
        assertThat(article.getDomAttribute("data-status")).isEqualTo("200");
        browser.screenshot("reader-article");

        browser.driver().navigate().back();
        browser.await(driver -> feedTitles().size() >= 20);
        browser.find("#feed .story .title").click();

        // Nothing changed (the reader events are not consumed here, so not even the read count): the service
        // answers the If-None-Match with 304 and no body, and the page shows the copy it kept.
        browser.await(driver -> browser.findAll("#article[data-status='304']").size() == 1);
        assertThat(browser.find("#content").getText()).isEqualTo("Body of " + titles.get(0));
        assertThat(browser.find(".revalidated").getText()).contains("304");
    }

    @Test
    void loggingInAndLiking_raisesTheLikeCount() {
        String mobile = data.signUp(client, "Zhang Min").mobile();
        long article = articles.get(0);
        browser.open("/#/articles/" + article);
        browser.await(driver -> browser.findAll("#actions a.button").size() == 1);
        assertThat(likesShown()).isEqualTo("0");

        browser.find("#actions a.button").click(); // "Log in to like and collect"
        browser.await(driver -> browser.findAll("#login-form").size() == 1);
        browser.find("#mobile").sendKeys(mobile);
        browser.find("#password").sendKeys(TestData.PASSWORD);
        browser.find("#login-submit").click();

        // Back on the article, logged in.
        WebElement like = browser.await(driver -> browser.findAll("#like").stream().findFirst().orElse(null));
        assertThat(browser.find("#me").getText()).isEqualTo("Zhang Min");
        assertThat(like.getText()).isEqualTo("Like");
        assertThat(likesShown()).isEqualTo("0");

        like.click();

        browser.await(driver -> "1".equals(likesShown()));
        assertThat(browser.find("#like").getText()).isEqualTo("Liked");
        assertThat(browser.find("#like").getDomAttribute("aria-pressed")).isEqualTo("true");
        assertThat(data.count("article_likes WHERE article_id = " + article)).isEqualTo(1);
        assertThat(data.score("count:art:liking", article)).isEqualTo(1);
        browser.screenshot("reader-liked");
    }

    @Test
    void anAuthorsPage_listsTheirArticles_andFollowingRaisesTheirFollowers() {
        logIn(data.signUp(client, "Zhang Min").mobile());
        browser.open("/#/users/" + author);

        WebElement follow = browser.await(driver -> browser.findAll("#follow-button").stream().findFirst()
                .orElse(null));
        assertThat(browser.find("#profile h1").getText()).isEqualTo("Lin Wei");
        assertThat(browser.findAll("#author-articles .story .title").stream().map(WebElement::getText).toList())
                .containsExactlyElementsOf(titles.subList(0, 20));
        assertThat(follow.getText()).isEqualTo("Follow");
        assertThat(followersShown()).isEqualTo("0");

        follow.click();

        browser.await(driver -> browser.find("#follow-button").getText().equals("Following"));
        assertThat(followersShown()).isEqualTo("1");
        assertThat(data.count("user_follows WHERE target_id = " + author)).isEqualTo(1);
        // A fresh look at the page agrees: the count comes from the store now, not from the click.
        browser.driver().navigate().refresh();
        browser.await(driver -> "1".equals(followersShown()) && browser.findAll("#follow-button").size() == 1);
        assertThat(browser.find("#follow-button").getText()).isEqualTo("Following");
        browser.find("button.more").click(); // the older five
        browser.await(driver -> browser.findAll("#author-articles .story").size() == STORIES);
    }

    @Test
    void theReadingHistory_listsWhatTheReaderOpened() {
        data.consumeEvents(); // the history is filled by the reading-history consumer
        TestData.Account reader = data.signUp(client, "Zhang Min");
        logIn(reader.mobile());
        browser.open("/#/articles/" + articles.get(3));
        browser.await(driver -> browser.findAll("#article[data-article='" + articles.get(3) + "']").size() == 1);
        browser.open("/#/articles/" + articles.get(1));
        browser.await(driver -> browser.findAll("#article[data-article='" + articles.get(1) + "']").size() == 1);
        // The two reads reach the history through the broker: wait for them there, then look.
        await().atMost(Duration.ofSeconds(20)).until(() -> data.as(client, reader.id()).get()
                .uri("/api/user/histories").exchange().expectBody(Map.class).returnResult().getResponseBody()
                .get("total").equals(2));

        browser.open("/#/history");
        browser.await(driver -> browser.findAll("#history .story").size() == 2);
        assertThat(browser.findAll("#history .story .title").stream().map(WebElement::getText).toList())
                .containsExactly(titles.get(1), titles.get(3));
    }

    @Test
    void atPhoneWidth_nothingScrollsSideways() {
        browser.resize(Browser.PHONE);
        browser.open("/#/channels/" + TECH);
        browser.await(driver -> feedTitles().size() >= 20);
        assertThat(sidewaysOverflow()).as("the feed: pixels wider than the phone's screen").isZero();
        browser.screenshot("reader-phone");

        browser.find("#feed .story .title").click();
        browser.await(driver -> browser.findAll("#article").size() == 1);
        assertThat(sidewaysOverflow()).as("an article: pixels wider than the phone's screen").isZero();

        // Signed in, the header holds more (history, the reader's name, log out).
        logIn(data.signUp(client, "Zhang Min with a rather long display name").mobile());
        assertThat(sidewaysOverflow()).as("signed in: pixels wider than the phone's screen").isZero();
        browser.open("/#/users/" + author);
        browser.await(driver -> browser.findAll("#follow-button").size() == 1);
        assertThat(sidewaysOverflow()).as("an author: pixels wider than the phone's screen").isZero();
    }

    private List<String> feedTitles() {
        return browser.findAll("#feed .story .title").stream().map(WebElement::getText).toList();
    }

    private String followersShown() {
        return (String) browser.script("return document.querySelector('#profile .followers b')?.dataset.value"
                + " ?? null");
    }

    private String likesShown() {
        // Read in one script: the counts are redrawn as the answers come, and an element found a moment
        // earlier may be gone.
        return (String) browser.script("return document.querySelector('#counts .likes b')?.dataset.value ?? null");
    }

    private long sidewaysOverflow() {
        return (Long) browser.script("return document.documentElement.scrollWidth"
                + " - document.documentElement.clientWidth");
    }

    private void logIn(String mobile) {
        browser.open("/#/login");
        browser.await(driver -> browser.findAll("#login-form").size() == 1);
        browser.find("#mobile").sendKeys(mobile);
        browser.find("#password").sendKeys(TestData.PASSWORD);
        browser.find("#login-submit").click();
        browser.await(driver -> browser.findAll("#me").size() == 1);
    }
}
