package com.newsfeed.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * One headless Chromium for a test class, against the service its Spring context started: the tests are skipped
 * where there is no browser, each test starts from a fresh page state, and an error left in the browser's console
 * fails the test that left it. Register it as a static field ({@code @RegisterExtension}), so that it runs after
 * Spring's extension has started the context.
 */
final class BrowserSession implements ExecutionCondition, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private Browser browser;

    /** Like Testcontainers without Docker: every test reported as skipped, and no application context started. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return Browser.available() ? ConditionEvaluationResult.enabled("Chromium and ChromeDriver are here")
                : ConditionEvaluationResult.disabled("no Chromium and ChromeDriver here: the browser tests are skipped");
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (browser == null) {
            int port = SpringExtension.getApplicationContext(context).getEnvironment()
                    .getRequiredProperty("local.server.port", Integer.class);
            browser = new Browser("http://127.0.0.1:" + port);
        }
        browser.reset();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertThat(browser.consoleErrors()).as("errors in the browser's console").isEmpty();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    Browser browser() {
        return browser;
    }
}
