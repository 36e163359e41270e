package dev.aigateway.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aigateway.testing.Fixtures;
import dev.aigateway.testing.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard's route editor in a real browser: an admin creates a route, writes its first version, deploys it and
 * a {@code dynamic/<route>} request on {@code /compat} follows it ({@code cf-aig-route-version}, the model the
 * upstream got); a second version deployed, then a roll back to the first; an invalid graph refused with the API's
 * message naming the element, marked in the draft's graph; the route deleted. A read-only session, and any session on
 * a configured route, sees the graphs but no write controls; an element id that is markup is shown as text. Screenshots {@code gateway-route-editor} and, at phone
 * width with the refused draft, {@code gateway-route-editor-phone} ({@link BrowserTestBase} for where they go).
 */
@QuarkusTest
class DashboardRoutesBrowserTest extends BrowserTestBase {

    private static final String OPENAI = "/openai/v1/chat/completions";
    private static final String XSS = "<img src=x onerror=window.__xss=1>";

    DashboardRoutesBrowserTest() {
        super("uir");
    }

    /** Runs before the base's {@code deleteGateway}: deleting a gateway keeps its routes. */
    @AfterEach
    void deleteRoutes() {
        TestDb.update("DELETE FROM routes WHERE gateway_id = ?", gatewayId);
        TestDb.update("UPDATE route_revision SET revision = revision + 1");
    }

    @Override
    protected void createGateway() {
        super.createGateway();
        upstream.onJson(OPENAI, 200, Fixtures.read("openai/chat-completion.json"));
    }

    private static JsonObject element(String id, String type, JsonObject properties, String... outputs) {
        JsonObject e = new JsonObject().put("id", id).put("type", type);
        if (properties != null) {
            e.put("properties", properties);
        }
        JsonObject out = new JsonObject();
        for (int i = 0; i < outputs.length; i += 2) {
            out.put(outputs[i], new JsonObject().put("elementId", outputs[i + 1]));
        }
        return outputs.length == 0 ? e : e.put("outputs", out);
    }

    private static JsonObject model(String provider, String model) {
        return new JsonObject().put("provider", provider).put("model", model);
    }

    /** v1: start → one model → end. */
    private static JsonArray simple(String model) {
        return new JsonArray()
                .add(element("start", "start", null, "next", "m"))
                .add(element("m", "model", model("openai", model), "success", "end"))
                .add(element("end", "end", null));
    }

    /** v2: "pro" users to gpt-4o, the others to gpt-4.1-mini (falling back to Claude); {@code fastFallback}: its target. */
    private static JsonArray byPlan(String fastFallback) {
        return new JsonArray()
                .add(element("start", "start", null, "next", "plan"))
                .add(element(
                        "plan",
                        "conditional",
                        new JsonObject().put("conditions", new JsonObject().put("metadata.plan", "pro")),
                        "true",
                        "big",
                        "false",
                        "fast"))
                .add(element("big", "model", model("openai", "gpt-4o"), "success", "end", "fallback", "fast"))
                .add(element(
                        "fast", "model", model("openai", "gpt-4.1-mini"), "success", "end", "fallback", fastFallback))
                .add(element("spare", "model", model("anthropic", "claude-haiku-4-5"), "success", "end"))
                .add(element("end", "end", null));
    }

    private Response dynamic(String route) {
        return given().baseUri(gateway.toString())
                .header("authorization", "Bearer sk-client")
                .contentType("application/json")
                .body("{\"model\":\"dynamic/" + route + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("v1/acct/" + gatewayId + "/compat/chat/completions");
    }

    private String upstreamModel() {
        var received = upstream.received();
        return new JsonObject(received.get(received.size() - 1).body()).getString("model");
    }

    private void openGateway(String id) {
        waiting()
                .until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#gateway option[value='" + id + "']")));
        new Select(visible("gateway")).selectByValue(id);
        waiting()
                .until(d -> d.findElements(By.cssSelector("#gateway-table tr.sel[data-id='" + id + "']"))
                                .size()
                        == 1);
        visible("gateway-routes");
    }

    private void openRoute(String name) {
        By row = By.cssSelector("#route-table tr[data-name='" + name + "']");
        click(row);
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#route-detail h3"), name));
    }

    private void writeVersion(JsonArray elements, String comment) {
        WebElement text = visible("route-json");
        js("arguments[0].value = arguments[1]", text, elements.encodePrettily());
        WebElement c = browser.findElement(By.id("route-comment"));
        c.clear();
        c.sendKeys(comment);
        click(By.id("save-version"));
    }

    private void awaitStatus(String text) {
        waiting().until(ExpectedConditions.textToBe(By.id("route-status"), text));
    }

    private List<String> versionIds() {
        return browser.findElements(By.cssSelector("#route-versions li")).stream()
                .map(li -> li.getAttribute("data-version"))
                .toList();
    }

    private void clickVersionButton(String versionId, String label) {
        WebElement button = browser.findElement(
                By.cssSelector("#route-versions li[data-version='" + versionId + "'] .deploy-version"));
        assertThat(button.getText()).isEqualTo(label);
        click(button);
    }

    private int nodes(String container) {
        return browser.findElements(By.cssSelector(container + " svg g.rg-node"))
                .size();
    }

    @Test
    void anAdminCreatesVersionsDeploysAndRollsBackARoute() throws Exception {
        createGateway();
        String route = "support-" + UUID.randomUUID().toString().substring(0, 6);
        browser.get(gateway.toString() + "dashboard/#/gateways");
        signIn("admin-secret");
        openGateway(gatewayId);

        // create: the route exists with no version; the editor starts from a template
        visible("new-route-name").sendKeys(route);
        click(By.id("create-route"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#route-detail h3"), route));
        assertThat(text("#route-deployed")).isEqualTo("No version deployed");
        assertThat(visible("route-json").getAttribute("value")).contains("\"type\": \"start\"");
        dynamic(route).then().statusCode(404);

        // v1, saved then deployed: requests follow it
        writeVersion(simple("gpt-4o-mini"), "first");
        awaitStatus("Saved v1 (not deployed yet).");
        assertThat(text("#route-view-title")).isEqualTo("Version v1 (not deployed)");
        assertThat(nodes("#route-graph")).isEqualTo(3);
        assertThat(browser.findElements(By.cssSelector("#route-graph path[data-edge='m:success:end']")))
                .hasSize(1);
        dynamic(route).then().statusCode(404);
        String v1 = versionIds().get(0);
        clickVersionButton(v1, "Deploy");
        awaitStatus("Deployed v1.");
        assertThat(text("#route-deployed")).isEqualTo("Deployed version: v1 (" + v1 + ")");
        assertThat(text("#route-table tr[data-name='" + route + "'] td:nth-child(4)"))
                .isEqualTo("1");
        Response first = dynamic(route);
        first.then().statusCode(200).header("cf-aig-route", route).header("cf-aig-model", "gpt-4o-mini");
        assertThat(first.header("cf-aig-route-version")).isEqualTo(v1);
        assertThat(upstreamModel()).isEqualTo("gpt-4o-mini");

        // v2, a conditional graph, deployed
        writeVersion(byPlan("spare"), "by plan");
        awaitStatus("Saved v2 (not deployed yet).");
        assertThat(nodes("#route-graph")).isEqualTo(6);
        String v2 = versionIds().get(1);
        clickVersionButton(v2, "Deploy");
        awaitStatus("Deployed v2.");
        Response second = dynamic(route);
        second.then().statusCode(200).header("cf-aig-model", "gpt-4.1-mini");
        assertThat(second.header("cf-aig-route-version")).isEqualTo(v2);
        assertThat(upstreamModel()).isEqualTo("gpt-4.1-mini");
        waiting().until(d -> "2".equals(text("#route-table tr[data-name='" + route + "'] td:nth-child(4)")));
        assertThat(browser.findElements(By.cssSelector("#route-graph path[data-edge='plan:false:fast']")))
                .hasSize(1);
        browser.manage().window().setSize(new Dimension(1280, 1300)); // the whole graph and the versions in one picture
        screenshot("gateway-route-editor", "#route-detail");
        browser.manage().window().setSize(new Dimension(1280, 900));

        // roll back to v1: requests follow v1 again
        clickVersionButton(v1, "Roll back");
        awaitStatus("Rolled back to v1.");
        assertThat(text("#route-versions li[data-version='" + v1 + "']")).contains("(active)");
        Response back = dynamic(route);
        back.then().statusCode(200).header("cf-aig-model", "gpt-4o-mini");
        assertThat(back.header("cf-aig-route-version")).isEqualTo(v1);
        assertThat(text("#route-deployments li")).contains("v1").contains("roll back to v1");

        // an invalid graph: the API's 400 names the element, which the draft's graph marks; nothing is stored
        writeVersion(byPlan("nowhere"), "broken");
        waiting().until(d -> !text("#route-json-error").isEmpty());
        assertThat(text("#route-json-error")).contains("element 'fast'").contains("nowhere");
        assertThat(browser.findElements(By.cssSelector("#route-preview g.rg-bad[data-element='fast']")))
                .hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#route-preview g.rg-missing")))
                .hasSize(1);
        assertThat(versionIds()).containsExactly(v1, v2);

        // phone width: the editor fits the screen (the graph scales down)
        browser.manage().window().setSize(new Dimension(390, 844));
        waiting().until(d -> ((Number) js("return window.innerWidth")).intValue() <= 400);
        assertThat((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth"))
                .isTrue();
        assertThat((Boolean) js("return document.querySelector('#route-graph svg').getBoundingClientRect().right"
                        + " <= window.innerWidth"))
                .isTrue();
        screenshot("gateway-route-editor-phone", "#route-json-error");
        browser.manage().window().setSize(new Dimension(1280, 900));

        // delete: the route is gone from the list and from service
        click(By.id("delete-route"));
        browser.switchTo().alert().accept();
        waiting().until(d -> d.findElements(By.cssSelector("#route-table tr[data-name='" + route + "']"))
                .isEmpty());
        dynamic(route).then().statusCode(404);

        // a configured route: shown, not changeable, even for an admin
        openGateway("routed");
        openRoute("failover");
        waiting().until(d -> nodes("#route-graph") == 4);
        assertThat(visible("route-readonly").getText()).contains("configuration");
        assertThat(browser.findElements(By.cssSelector("#delete-route, .deploy-version, #route-json")))
                .isEmpty();
    }

    @Test
    void aReadOnlySessionSeesRoutesButNoWriteControls() {
        createGateway();
        String route = "viewed-" + UUID.randomUUID().toString().substring(0, 6);
        String id = given().header("authorization", "Bearer admin-secret")
                .contentType("application/json")
                .body(new JsonObject()
                        .put("name", route)
                        .put("elements", simple("gpt-4o-mini"))
                        .encode())
                .post(V4 + "/" + gatewayId + "/routes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("result.id");
        given().header("authorization", "Bearer admin-secret")
                .contentType("application/json")
                .body(new JsonObject().put("elements", byPlan("spare")).encode())
                .post(V4 + "/" + gatewayId + "/routes/" + id + "/versions")
                .then()
                .statusCode(200);
        JsonArray hostile = simple("gpt-4o"); // v3: an element id that is markup, shown as text
        hostile.getJsonObject(0).getJsonObject("outputs").getJsonObject("next").put("elementId", XSS);
        hostile.getJsonObject(1).put("id", XSS);
        given().header("authorization", "Bearer admin-secret")
                .contentType("application/json")
                .body(new JsonObject().put("elements", hostile).encode())
                .post(V4 + "/" + gatewayId + "/routes/" + id + "/versions")
                .then()
                .statusCode(200);

        browser.get(gateway.toString() + "dashboard/#/gateways");
        signIn("viewer-secret");
        openGateway(gatewayId);
        openRoute(route);
        waiting().until(d -> nodes("#route-graph") == 3);
        waiting()
                .until(d -> d.findElements(By.cssSelector("#route-versions li")).size() == 3);
        String write = "#new-route-form, #create-route, #delete-route, .deploy-version, #route-json, #save-version";
        assertThat(browser.findElements(By.cssSelector(write))).isEmpty();
        assertThat(text("#route-detail")).contains("Read-only session");
        // viewing another version is reading: it draws that version's graph
        click(browser.findElements(By.cssSelector("#route-versions li .view-version"))
                .get(1));
        waiting().until(d -> nodes("#route-graph") == 6);
        assertThat(text("#route-view-title")).isEqualTo("Version v2 (not deployed)");
        click(browser.findElements(By.cssSelector("#route-versions li .view-version"))
                .get(2));
        waiting().until(d -> text("#route-view-title").equals("Version v3 (not deployed)"));
        assertThat(text("#route-graph")).contains(XSS.substring(0, 20)); // a node shows 24 characters of an id
        assertThat(browser.findElements(By.cssSelector("#route-graph g.rg-node")).stream()
                        .map(g -> g.getAttribute("data-element"))
                        .toList())
                .containsExactly("start", XSS, "end");
        assertThat(text("#route-elements")).contains(XSS);
        assertThat(browser.findElements(By.cssSelector("#route-detail img"))).isEmpty();
        assertThat(js("return window.__xss === undefined")).isEqualTo(true);

        openGateway("routed");
        openRoute("failover");
        waiting().until(d -> nodes("#route-graph") == 4);
        assertThat(browser.findElements(By.cssSelector("#route-graph path[data-edge='claude:fallback:gpt']")))
                .hasSize(1);
        assertThat(browser.findElements(By.cssSelector(write))).isEmpty();
    }
}
