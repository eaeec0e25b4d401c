package com.newsfeed.frontend;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven by Selenium, for the frontend's tests: Debian's {@code chromium} and
 * {@code chromium-driver} (or the binaries named by {@code -Dbrowser.chromium} and {@code -Dbrowser.chromedriver}).
 * Where they are missing, {@link #available()} is false and the tests are skipped, as the Testcontainers tests are
 * without Docker. Screenshots go to {@code target/screenshots/}.
 */
final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("browser.chromedriver",
            "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final Dimension PHONE = new Dimension(390, 844);

    private final ChromeDriver driver;
    private final String baseUrl;
    private final Path profile;

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    Browser(String baseUrl) {
        this.baseUrl = baseUrl;
        try {
            this.profile = Files.createTempDirectory("chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without the background-networking flags, Chromium keeps calling Google's hosts, which a closed network
        // refuses; a fresh profile per browser keeps one test run from seeing another's storage.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile,
                "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    /** Opens a path of the service, e.g. {@code /#/articles/3}. */
    void open(String path) {
        driver.get(baseUrl + path);
    }

    /** A fresh start: no tokens, no remembered ETags, the desktop size, and the console emptied. */
    void reset() {
        driver.get(baseUrl + "/css/app.css"); // a page of the origin, so its storage can be cleared
        ((JavascriptExecutor) driver).executeScript("localStorage.clear(); sessionStorage.clear();");
        driver.manage().window().setSize(DESKTOP);
        consoleErrors();
    }

    void resize(Dimension size) {
        driver.manage().window().setSize(size);
    }

    WebDriver driver() {
        return driver;
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * Waits (10 s at most) until the condition gives something other than null or false. An element the page
     * redrew while the condition read it (the dashboard redraws every 2 s) is looked for again, not a failure.
     */
    <T> T await(Function<WebDriver, T> condition) {
        return await(Duration.ofSeconds(10), condition);
    }

    <T> T await(Duration atMost, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, atMost).ignoring(StaleElementReferenceException.class).until(condition);
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** The console's errors since the last call (uncaught exceptions, failed requests the page made). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /**
     * Saves the whole page, not only the window, as {@code target/screenshots/<name>.png}, and returns the file:
     * the window is made as tall as the page for the shot, then given its size back.
     */
    Path screenshot(String name) {
        Dimension window = driver.manage().window().getSize();
        long height = (Long) script("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(window.width, (int) Math.min(4000, Math.max(height + 140,
                window.height))));
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            return Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // A profile left in /tmp is harmless.
        }
    }
}
