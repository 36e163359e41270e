package dev.aigateway.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real browser (headless Chromium via Selenium): sign-in (a wrong token refused), the overview's
 * totals of the requests this test sent, the logs explorer filtered by model and metadata with a detail showing the
 * body (a prompt with {@code <script>} shown as text, never run), a gateway's cache TTL edited and the next request a
 * HIT, the spend page, sign-out; a streamed response shown as its events, a Universal request's steps listed under
 * its one event id, a gateway's dynamic route with its elements and deployed version (the route editor:
 * {@link DashboardRoutesBrowserTest}). Browser, waits and screenshots:
 * {@link BrowserTestBase}.
 */
@QuarkusTest
class DashboardBrowserTest extends BrowserTestBase {

    private static final String XSS = "<script>window.__xss=1</script><img src=x onerror=window.__xss=2>";

    DashboardBrowserTest() {
        super("ui");
    }

    private String chat(String prompt) {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":"
                + io.vertx.core.json.Json.encode(prompt) + "}]}";
    }

    /** An API-managed gateway and five requests through it: three for alice (one with a script), two for bob. */
    private void seed() {
        createGateway();
        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
        upstream.onJson("/anthropic/v1/messages", 200, Fixtures.read("anthropic/message.json"));
        postChat(gatewayId, chat("Hello " + XSS), Map.of("cf-aig-metadata", "{\"user\":\"alice\"}"))
                .then()
                .statusCode(200);
        postChat(gatewayId, chat("Second question"), Map.of("cf-aig-metadata", "{\"user\":\"alice\"}"))
                .then()
                .statusCode(200);
        postChat(gatewayId, chat("A question from bob"), Map.of("cf-aig-metadata", "{\"user\":\"bob\"}"))
                .then()
                .statusCode(200);
        given().baseUri(gateway.toString())
                .contentType("application/json")
                .header("x-api-key", "sk-ant")
                .header("cf-aig-metadata", "{\"user\":\"alice\"}")
                .body("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10}")
                .post("v1/acct/" + gatewayId + "/anthropic/v1/messages")
                .then()
                .statusCode(200);
        upstream.onJson("/openai/v1/chat/completions", 500, "{\"error\":{\"message\":\"boom\"}}");
        postChat(gatewayId, chat("This one fails"), Map.of("cf-aig-metadata", "{\"user\":\"bob\"}"));
        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
        awaitRollups(5);
    }

    private void awaitRollups(int requests) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ((Number) TestDb.query(
                                                "SELECT coalesce(sum(requests), 0) AS n FROM request_log_rollups"
                                                        + " WHERE gateway_id = ?",
                                                gatewayId)
                                        .get(0)
                                        .get("n"))
                                .intValue()
                        >= requests);
    }

    @Test
    void aPersonUsesTheDashboard() throws Exception {
        seed();
        long opened = System.nanoTime();
        browser.get(gateway.toString() + "dashboard");
        visible("signin-form");
        long interactiveMs = (System.nanoTime() - opened) / 1_000_000;
        screenshot("sign-in");

        // a wrong token is refused
        signIn("not-the-token");
        waiting().until(ExpectedConditions.textToBe(By.id("signin-error"), "Wrong token."));
        assertThat(browser.findElement(By.id("app-view")).isDisplayed()).isFalse();

        // overview of the gateway: the totals of what this test sent
        signIn("admin-secret");
        visible("app-view");
        new Select(visible("gateway")).selectByValue(gatewayId);
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#page h1"), gatewayId));
        waiting()
                .until(d -> d.findElements(By.cssSelector("#total-requests .v")).size() == 1);
        assertThat(text("#total-requests .v")).isEqualTo("5");
        assertThat(text("#total-errors .v")).isEqualTo("1");
        assertThat(text("#total-5xx .v")).isEqualTo("1");
        assertThat(browser.findElements(By.cssSelector("#by-provider tbody tr")))
                .hasSize(2);
        waiting().until(d -> d.findElements(By.cssSelector(".chart canvas")).size() >= 4);
        screenshot("overview");

        // logs explorer: model and metadata filters, then a detail with its body shown as text
        browser.findElement(By.cssSelector("#nav a[data-page=logs]")).click();
        visible("log-filters");
        waiting().until(d -> d.findElements(By.cssSelector("#log-rows tr")).size() == 5);
        visible("f-model").sendKeys("gpt-4o-mini");
        browser.findElement(By.id("f-meta-key")).sendKeys("user");
        browser.findElement(By.id("f-meta-value")).sendKeys("alice");
        browser.findElement(By.id("apply-filters")).click();
        waiting()
                .until(d -> d.findElements(By.cssSelector("#log-rows tr")).size() == 2
                        && "2 logs shown"
                                .equals(d.findElement(By.id("log-status")).getText()));
        List<WebElement> rows = browser.findElements(By.cssSelector("#log-rows tr"));
        rows.get(rows.size() - 1).click(); // the oldest: the one with the script
        waiting().until(d -> d.findElements(By.cssSelector("#request-body pre")).size() == 1);
        String body = text("#request-body pre");
        assertThat(body).contains(XSS.replace("\"", "\\\"")).contains("\"model\": \"gpt-4o-mini\"");
        assertThat(text("#log-metadata")).contains("\"user\": \"alice\"");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__xss === undefined"))
                .isEqualTo(true);
        assertThat(browser.findElements(By.cssSelector("#log-detail script"))).isEmpty();
        new Select(browser.findElement(By.id("feedback"))).selectByValue("1");
        browser.findElement(By.id("save-annotation")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("annotation-status"), "Saved."));
        screenshot("logs");

        // gateways: set the cache TTL, then the second of two equal requests is a HIT
        browser.findElement(By.cssSelector("#nav a[data-page=gateways]")).click();
        waiting()
                .until(d -> d.findElements(By.cssSelector("#gateway-table tr[data-id='" + gatewayId + "']"))
                                .size()
                        == 1);
        browser.findElement(By.cssSelector("#gateway-table tr[data-id='" + gatewayId + "']"))
                .click();
        WebElement ttl = visible("g-cache_ttl");
        ttl.clear();
        ttl.sendKeys("300");
        browser.findElement(By.id("save-gateway")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("gateway-status"), "Saved " + gatewayId + "."));
        screenshot("gateways");
        String repeat = chat("Cache me " + UUID.randomUUID());
        postChat(gatewayId, repeat, Map.of()).then().statusCode(200);
        postChat(gatewayId, repeat, Map.of()).then().statusCode(200).header("cf-aig-cache-status", "HIT");
        awaitRollups(7); // the spend page reads once: both cache requests' rows are written first

        // spend: cost by provider and by a metadata key
        browser.findElement(By.cssSelector("#nav a[data-page=spend]")).click();
        // alice, bob, and the two cache requests without metadata
        waiting()
                .until(d -> d.findElements(By.cssSelector("#spend-metadata tbody tr"))
                                .size()
                        == 3);
        assertThat(browser.findElements(By.cssSelector("#spend-metadata tbody tr td:first-child")).stream()
                        .map(WebElement::getText)
                        .toList())
                .containsExactlyInAnyOrder("alice", "bob", "(none)");
        screenshot("spend");

        // the same overview at phone width
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.findElement(By.cssSelector("#nav a[data-page=overview]")).click();
        waiting()
                .until(d -> d.findElements(By.cssSelector("#total-requests .v")).size() == 1);
        screenshot("overview-phone");
        browser.manage().window().setSize(new Dimension(1280, 900));

        // sign-out: back to the sign-in page, and a reload stays there
        browser.findElement(By.id("signout")).click();
        visible("signin-form");
        browser.navigate().refresh();
        visible("signin-form");
        assertThat(browser.manage().getCookieNamed(DashboardSessions.COOKIE)).isNull();
        System.out.printf("Dashboard: sign-in page interactive %d ms after navigation%n", interactiveMs);
    }

    /** A gateway with a streamed request, a Universal fallback (two steps, one event id) and a deployed route. */
    private String seedStreamsAndSteps() {
        createGateway();
        upstream.onSse(
                "/openai/v1/chat/completions",
                Fixtures.read("openai/chat-completion.sse").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new int[] {40, 300},
                false,
                0);
        String streamed = given().baseUri(gateway.toString())
                .header("authorization", "Bearer sk-client")
                .header("cf-aig-metadata", "{\"kind\":\"stream\"}")
                .contentType("application/json")
                .body(
                        "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("v1/acct/" + gatewayId + "/openai/v1/chat/completions")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(streamed).contains("data: [DONE]");
        upstream.onJson("/openai/v1/chat/completions", 500, "{\"error\":{\"message\":\"boom\"}}");
        upstream.onJson("/anthropic/v1/messages", 200, Fixtures.read("anthropic/message.json"));
        String steps = "[{\"provider\":\"openai\",\"endpoint\":\"chat/completions\","
                + "\"headers\":{\"Authorization\":\"Bearer sk-openai\"},"
                + "\"query\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}},"
                + "{\"provider\":\"anthropic\",\"endpoint\":\"v1/messages\",\"headers\":{\"x-api-key\":\"sk-ant\"},"
                + "\"query\":{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}]";
        given().baseUri(gateway.toString())
                .contentType("application/json")
                .header("cf-aig-metadata", "{\"kind\":\"universal\"}")
                .body(steps)
                .post("v1/acct/" + gatewayId)
                .then()
                .statusCode(200)
                .header("cf-aig-step", "1");
        String route = "canary-" + UUID.randomUUID().toString().substring(0, 6);
        given().header("authorization", "Bearer admin-secret")
                .contentType("application/json")
                .body("{\"name\":\"" + route + "\",\"elements\":[{\"id\":\"start\",\"type\":\"start\","
                        + "\"outputs\":{\"next\":{\"elementId\":\"m\"}}},{\"id\":\"m\",\"type\":\"model\","
                        + "\"properties\":{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\"},"
                        + "\"outputs\":{\"success\":{\"elementId\":\"end\"}}},{\"id\":\"end\",\"type\":\"end\"}]}")
                .post(V4 + "/" + gatewayId + "/routes")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        ((Number) TestDb.query("SELECT count(*) AS n FROM request_logs WHERE gateway_id = ?", gatewayId)
                                                .get(0)
                                                .get("n"))
                                        .intValue()
                                == 3);
        return route;
    }

    @Test
    void streamsStepsAndRoutesInTheDashboard() throws Exception {
        String route = seedStreamsAndSteps();
        browser.get(gateway.toString() + "dashboard/#/logs");
        signIn("admin-secret");
        new Select(visible("gateway")).selectByValue(gatewayId);
        waiting().until(d -> d.findElements(By.cssSelector("#log-rows tr")).size() == 3);

        // the streamed response: shown as its events, each event's data pretty-printed
        visible("f-meta-key").sendKeys("kind");
        browser.findElement(By.id("f-meta-value")).sendKeys("stream");
        browser.findElement(By.id("apply-filters")).click();
        waiting().until(d -> "1 logs shown"
                .equals(d.findElement(By.id("log-status")).getText()));
        browser.findElement(By.cssSelector("#log-rows tr")).click();
        waiting()
                .until(d -> d.findElements(By.cssSelector("#response-body ol.events > li"))
                                .size()
                        == 5);
        List<WebElement> events = browser.findElements(By.cssSelector("#response-body ol.events > li pre"));
        assertThat(events.get(1).getText()).contains("\"content\": \"Hel\"");
        assertThat(events.get(4).getText()).isEqualTo("[DONE]");
        screenshot("log-stream");

        // the Universal request: its two steps under one event id, the failed one and the one that served
        browser.findElement(By.id("clear-filters")).click();
        visible("f-meta-key").sendKeys("kind");
        browser.findElement(By.id("f-meta-value")).sendKeys("universal");
        browser.findElement(By.id("apply-filters")).click();
        waiting().until(d -> "2 logs shown"
                .equals(d.findElement(By.id("log-status")).getText()));
        browser.findElement(By.cssSelector("#log-rows tr")).click(); // either step: both list the two
        waiting()
                .until(d -> d.findElements(By.cssSelector("#attempts-table tbody tr"))
                                .size()
                        == 2);
        List<String> stepRows = browser.findElements(By.cssSelector("#attempts-table tbody tr")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(stepRows.get(0)).contains("openai").contains("500");
        assertThat(stepRows.get(1)).contains("anthropic").contains("200");
        assertThat(text("#attempts h2")).startsWith("Attempts under event ");
        screenshot("log-steps", "#attempts");
        browser.manage().window().setSize(new Dimension(390, 844));
        screenshot("logs-phone");
        browser.manage().window().setSize(new Dimension(1280, 900));

        // the gateway's dynamic route: listed with its deployed version, its elements on a click
        browser.findElement(By.cssSelector("#nav a[data-page=gateways]")).click();
        waiting()
                .until(d -> d.findElements(By.cssSelector("#route-table tr[data-name='" + route + "']"))
                                .size()
                        == 1);
        browser.findElement(By.cssSelector("#route-table tr[data-name='" + route + "']"))
                .click();
        waiting()
                .until(d -> d.findElements(By.cssSelector("#route-elements tbody tr"))
                                .size()
                        == 3);
        assertThat(text("#route-deployed")).startsWith("Deployed version: ");
        assertThat(text("#route-elements tr[data-element=m]"))
                .contains("model")
                .contains("gpt-4o-mini")
                .contains("success → end");
        waiting()
                .until(d -> d.findElements(By.cssSelector("#route-versions li")).size() == 1);
        assertThat(text("#route-versions li")).contains("(active)");
    }
}
