package dev.bri.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.TestData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;

/**
 * The Charts tab in headless Chromium against the running test instance: every chart is drawn by uPlot with series
 * holding data the service sampled, at 1280x720 and on a narrow screen; screenshots go to docs/screenshots/.
 */
@QuarkusTest
class OpsChartsBrowserTest {

    @TestHTTPResource("/ops/")
    URL page;

    @Inject
    MetricsSampler sampler;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @BeforeAll
    static void browser() throws IOException {
        OpsPageBrowserTest.browser();
    }

    @AfterAll
    static void close() throws IOException {
        OpsPageBrowserTest.close();
    }

    private static void maintenance(boolean on) {
        given().auth().oauth2(TestData.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body("{\"enabled\":" + on + ",\"reason\":\"charts test\"}").post("/admin/maintenance")
                .then().statusCode(200);
        // the health gauge follows the last computed report
        given().auth().oauth2(TestData.ADMIN_TOKEN).get("/admin/health").then().statusCode(200);
    }

    private void traffic(String videoId, int rounds) {
        for (int i = 0; i < rounds; i++) {
            given().get("/api/v1/videos/{id}/context", videoId).then().statusCode(200);
            given().get("/api/v1/videos/{id}/search?q=dog", videoId).then().statusCode(200);
            given().get("/api/v1/videos/{id}/memory", videoId).then().statusCode(200);
        }
    }

    /** Chart id -> number of drawn series and of non-null points in them, read from the uPlot instances. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> drawn(String id) {
        return (Map<String, Object>) OpsPageBrowserTest.driver.executeScript(
                "const u = window.briCharts && window.briCharts[arguments[0]];"
                        + "if (!u) return {series: 0, points: 0, canvas: false};"
                        + "let points = 0; for (let i = 1; i < u.data.length; i++) "
                        + "points += u.data[i].filter(v => v !== null && v !== undefined).length;"
                        + "return {series: u.series.length - 1, points: points, canvas: !!u.root.querySelector('canvas')};",
                id);
    }

    @Test
    void everyChartIsDrawnWithTheServicesSamples() throws IOException {
        String videoId = TestData.createVideo(60);
        TestData.ingest(videoId, TestData.caption("c1", 1.0, "a dog runs"), TestData.frame("f1", 1.0));
        given().auth().oauth2(TestData.ADMIN_TOKEN).contentType(ContentType.JSON).body("{\"verify\":true}")
                .post("/admin/backups").then().statusCode(201);
        Instant start = Instant.now().minusSeconds(60);
        sampler.sample(start);
        traffic(videoId, 5);
        sampler.sample(start.plusSeconds(10));
        maintenance(true);
        traffic(videoId, 5);
        sampler.sample(start.plusSeconds(20));
        maintenance(false);
        traffic(videoId, 5);
        sampler.sample(start.plusSeconds(30));

        // the endpoint the page reads
        given().auth().oauth2(TestData.ADMIN_TOKEN).get("/ops/api/charts?range=1h").then().statusCode(200)
                .body("series.'http.rate|context read'.size()", org.hamcrest.Matchers.greaterThan(1))
                .body("health_changes.to", org.hamcrest.Matchers.hasItems(1, 0));
        given().auth().oauth2(TestData.ADMIN_TOKEN).get("/ops/api/charts?range=7d").then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/ops/api/charts").then().statusCode(401);

        var driver = OpsPageBrowserTest.driver;
        var wait = OpsPageBrowserTest.wait;
        driver.manage().window().setSize(new Dimension(1280, 720));
        driver.get(page.toString());
        driver.executeScript("sessionStorage.clear()");
        driver.navigate().refresh();
        driver.findElement(By.id("token")).sendKeys(TestData.ADMIN_TOKEN, Keys.ENTER);
        driver.findElement(By.id("tab-charts")).click();
        List<String> charts = List.of("chart-rate", "chart-errors", "chart-latency", "chart-db", "chart-cache",
                "chart-backups");
        wait.until(d -> charts.stream().allMatch(id -> (Boolean) drawn(id).get("canvas")));
        for (String id : charts) {
            Map<String, Object> chart = drawn(id);
            assertThat(((Number) chart.get("series")).intValue()).as(id + " series").isPositive();
            assertThat(((Number) chart.get("points")).intValue()).as(id + " points").isPositive();
        }
        // the request rate chart has one line per endpoint group that saw traffic
        assertThat((List<String>) driver.executeScript(
                "return window.briCharts['chart-rate'].series.slice(1).map(s => s.label)"))
                .contains("context read", "search", "memory");
        // the latency chart follows the chosen group
        new Select(driver.findElement(By.id("latency-group"))).selectByVisibleText("search");
        wait.until(d -> ((List<?>) driver.executeScript(
                "return window.briCharts['chart-latency'].series.slice(1).map(s => s.label)")).contains("search p99"));
        assertThat(((Number) drawn("chart-latency").get("points")).intValue()).isPositive();
        // health changes are marked and listed
        assertThat(driver.findElement(By.id("health-changes")).getText()).contains("healthy → degraded")
                .contains("degraded → healthy");
        assertThat(driver.findElement(By.id("chart-summary")).getText()).contains("never above");
        // the lag chart is there exactly when the service registers an archive or offsite lag gauge
        boolean lagGauges = registry.getMeters().stream().map(m -> m.getId().getName())
                .anyMatch(n -> n.startsWith("bri.backup.archive.lag") || n.startsWith("bri.backup.offsite.lag"));
        assertThat(driver.findElement(By.id("fig-lag")).isDisplayed()).isEqualTo(lagGauges);
        if (lagGauges) {
            assertThat(((Number) drawn("chart-lag").get("points")).intValue()).isPositive();
        }
        OpsPageBrowserTest.screenshot("ops-charts");

        // the 6 h range reads the same samples
        new Select(driver.findElement(By.id("chart-range"))).selectByValue("6h");
        wait.until(d -> driver.findElement(By.id("chart-summary")).getText().contains("One point every"));
        assertThat(((Number) drawn("chart-rate").get("points")).intValue()).isPositive();

        // a narrow screen: charts shrink to the width, nothing overflows sideways
        driver.manage().window().setSize(new Dimension(390, 844));
        wait.until(d -> ((Number) driver.executeScript(
                "return window.briCharts['chart-rate'].width")).intValue() <= 390);
        long overflow = (Long) driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow).as("horizontal overflow on a narrow screen").isLessThanOrEqualTo(0);
        OpsPageBrowserTest.screenshot("ops-charts-narrow");
        driver.manage().window().setSize(new Dimension(1366, 900));

        List<LogEntry> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(problems).as("browser console errors and warnings").isEmpty();
    }
}
