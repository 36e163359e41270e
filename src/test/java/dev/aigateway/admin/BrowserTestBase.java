package dev.aigateway.admin;

import static io.restassured.RestAssured.given;

import dev.aigateway.testing.GatewayTest;
import io.restassured.specification.RequestSpecification;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Base of the dashboard's browser tests: a headless Chromium per test (its own profile, 1280×900), waits, sign-in and
 * screenshots, and the test's own API-managed gateway (created by {@link #createGateway}, deleted after the test).
 * Screenshots go to {@code target/dashboard-screenshots/}, or to {@code docs/dashboard/} (the README's
 * pictures) with {@code -Ddashboard.screenshots=docs/dashboard}. Skipped when Chromium or chromedriver is absent,
 * unless {@code REQUIRE_BROWSER_TESTS=1}.
 */
abstract class BrowserTestBase extends GatewayTest {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";
    static final String V4 = "/client/v4/accounts/acct/ai-gateway/gateways";

    /** This test's gateway: its id, fresh per test ({@code prefix-xxxxxxxx}). */
    protected final String gatewayId;

    protected WebDriver browser;
    private Path profile;

    /** @param prefix the start of this test's gateway ids (which test left a gateway behind, if one did) */
    BrowserTestBase(String prefix) {
        gatewayId = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A management API call with the admin token. */
    static RequestSpecification admin() {
        return given().header("authorization", "Bearer admin-secret").contentType("application/json");
    }

    /** Creates this test's gateway, collecting logs, with {@code settings} (more JSON fields: {@code ,"a":1}). */
    protected void createGateway(String settings) {
        admin().body("{\"id\":\"" + gatewayId + "\",\"collect_logs\":true" + settings + "}")
                .post(V4)
                .then()
                .statusCode(200);
    }

    protected void createGateway() {
        createGateway("");
    }

    @AfterEach
    void deleteGateway() {
        admin().delete(V4 + "/" + gatewayId);
    }

    @BeforeEach
    void startBrowser() throws Exception {
        boolean present = new File(CHROMIUM).canExecute() && new File(DRIVER).canExecute();
        if (!present && "1".equals(System.getenv("REQUIRE_BROWSER_TESTS"))) {
            throw new IllegalStateException(
                    "REQUIRE_BROWSER_TESTS=1 but " + CHROMIUM + " or " + DRIVER + " is missing");
        }
        Assumptions.assumeTrue(present, "Chromium and chromedriver are not installed");
        profile = Files.createTempDirectory("aigw-chromium");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--window-size=1280,900",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    @AfterEach
    void stopBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    protected WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    protected WebElement visible(String id) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    protected String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    protected Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** Clicks an element once it is clickable, scrolled to the middle of the window (clear of the sticky header). */
    protected void click(WebElement element) {
        js("arguments[0].scrollIntoView({block: 'center'})", element);
        waiting().until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    protected void click(By by) {
        click(waiting().until(ExpectedConditions.presenceOfElementLocated(by)));
    }

    protected void signIn(String token) {
        WebElement input = visible("token");
        input.clear();
        input.sendKeys(token);
        browser.findElement(By.id("signin")).click();
    }

    protected void screenshot(String name) throws Exception {
        screenshot(name, null);
    }

    /** A screenshot with the element {@code css} scrolled to the top of the window (the page's top when null). */
    protected void screenshot(String name, String css) throws Exception {
        if (css == null) {
            js("window.scrollTo(0, 0)");
        } else {
            js("document.querySelector(arguments[0]).scrollIntoView()", css);
        }
        Path dir = Path.of(System.getProperty("dashboard.screenshots", "target/dashboard-screenshots"));
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
