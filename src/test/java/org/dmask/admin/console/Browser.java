package org.dmask.admin.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.time.Duration;
import java.util.function.Function;
import org.dmask.testing.Peers;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Debian headless Chromium driven by its chromedriver (both paths explicit, so Selenium Manager never looks for
 * or downloads anything), with a fresh profile folder. Screenshots go to {@code target/screenshots/}.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private final String base;

    private Browser(ChromeDriver driver, ChromeDriverService service, Path profile, String base) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
        this.base = base;
    }

    /** Starts Chromium for pages under {@code base} (e.g. http://localhost:1234). */
    static Browser start(String base, Path work) throws IOException {
        Path chromium = Peers.require("chromium", "chromium");
        Path chromedriver = Peers.require("chromedriver", "chromium-driver");
        Path profile = Files.createTempDirectory(Files.createDirectories(work), "chromium-profile-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort()
                .withLogFile(work.resolve("chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=1366,900", "--lang=en-US");
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().window().setSize(new Dimension(1366, 900));
        return new Browser(driver, service, profile, base);
    }

    void open(String path) {
        driver.get(base + path);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /**
     * Waits up to {@code limit} for the condition (it returns null or false while not yet). An element htmx swapped
     * out while the condition read it is read again.
     */
    <T> T await(Duration limit, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, limit, Duration.ofMillis(100))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    }

    /** Logs in through the login form. */
    void login(String user, String password) {
        open("/login");
        find("#j_username").sendKeys(user);
        find("#j_password").sendKeys(password);
        find("#login").click();
    }

    /** Saves a screenshot of the whole page as target/screenshots/{name}.png and returns its path. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            // the whole page, not only the window: Chrome's DevTools capture beyond the viewport
            Object h = driver.executeScript("return Math.max(document.body.scrollHeight, "
                    + "document.documentElement.scrollHeight)");
            int height = Math.min(6000, Math.max(800, ((Number) h).intValue()));
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", 1366, "height", height,
                            "scale", 1)));
            Path out = SCREENSHOTS.resolve(name + ".png");
            Files.write(out, Base64.getDecoder().decode((String) shot.get("data")));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            PreviewService.deleteTree(profile);
        }
    }
}
