package dev.aigateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The spend page's budgets in a real browser: a gateway with a whole-gateway daily budget and a per-user one (split
 * by the {@code user} metadata entry) after two priced requests of alice's; each rule shows its current use as the
 * management API's {@code …/spend-limits} reads it (the meter's value is the API's {@code spent}); the split rule
 * asks for a value and, given {@code alice}, shows hers. Screenshot {@code spend-budgets}.
 */
@QuarkusTest
class DashboardBudgetsBrowserTest extends BrowserTestBase {

    DashboardBudgetsBrowserTest() {
        super("uib");
    }

    private double spent(String rule, String user) {
        RequestSpecification call = admin();
        if (user != null) {
            call = call.queryParam("metadata", user);
        }
        return call.get(V4 + "/" + gatewayId + "/spend-limits")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getDouble("result.spend_limits.find { it.id == '" + rule + "' }.spent");
    }

    @Test
    void eachBudgetShowsItsCurrentUse() throws Exception {
        createGateway(",\"spend_limits\":["
                + "{\"id\":\"daily\",\"budget\":5,\"interval\":86400,\"technique\":\"fixed\","
                + "\"unknown_price\":\"allow\"},"
                + "{\"id\":\"per-user\",\"budget\":1,\"interval\":3600,\"technique\":\"sliding\","
                + "\"metadata\":{\"mode\":\"split\",\"key\":\"user\"},\"unknown_price\":\"allow\"}]");
        upstream.onJson("/openai/v1/chat/completions", 200, Fixtures.read("openai/chat-completion.json"));
        for (int i = 0; i < 2; i++) {
            postChat(
                            gatewayId,
                            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi " + i
                                    + "\"}]}",
                            Map.of("cf-aig-metadata", "{\"user\":\"alice\"}"))
                    .then()
                    .statusCode(200);
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> spent("per-user", "alice") > 0 && spent("daily", null) == spent("per-user", "alice"));
        double daily = spent("daily", null);

        browser.get(gateway.toString() + "dashboard");
        signIn("admin-secret");
        new Select(visible("gateway")).selectByValue(gatewayId);
        browser.findElement(By.cssSelector("#nav a[data-page=spend]")).click();
        By dailyMeter = By.cssSelector("#spend-budgets .budget[data-rule=daily] meter");
        waiting().until(ExpectedConditions.presenceOfElementLocated(dailyMeter));
        assertThat(Double.parseDouble(browser.findElement(dailyMeter).getAttribute("value")))
                .isCloseTo(daily, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Double.parseDouble(browser.findElement(dailyMeter).getAttribute("max")))
                .isEqualTo(5.0);
        // the split rule has no single use: it asks which user
        assertThat(text("#spend-budgets .budget[data-rule=per-user] .spent")).isEqualTo("name a metadata");
        assertThat(browser.findElements(By.cssSelector("#spend-budgets .budget[data-rule=per-user] meter")))
                .isEmpty();

        browser.findElement(By.id("budget-metadata")).sendKeys("alice");
        click(By.id("budget-show"));
        By aliceMeter = By.cssSelector("#spend-budgets .budget[data-rule=per-user] meter");
        waiting().until(ExpectedConditions.presenceOfElementLocated(aliceMeter));
        assertThat(Double.parseDouble(browser.findElement(aliceMeter).getAttribute("value")))
                .isCloseTo(daily, org.assertj.core.data.Offset.offset(1e-12));
        // $0.99998… left, written with three significant digits
        assertThat(text("#spend-budgets .budget[data-rule=per-user] .remaining"))
                .isEqualTo("$1");
        screenshot("spend-budgets", "#spend-budgets");
    }
}
