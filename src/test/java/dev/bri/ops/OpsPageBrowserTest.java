package dev.bri.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.TestData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The ops page in a real headless Chromium (Debian's chromium and chromedriver; Selenium Manager never downloads).
 * Waits are condition-based with a generous ceiling, not timings. Screenshots go to docs/screenshots/.
 */
@QuarkusTest
class OpsPageBrowserTest {

    static final Path SCREENSHOTS = Path.of("docs/screenshots");
    static ChromeDriver driver;
    static WebDriverWait wait;
    static Path profile;

    @TestHTTPResource("/ops/")
    URL page;

    @BeforeAll
    static void browser() throws IOException {
        profile = Files.createTempDirectory("bri-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1366,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1366, 900));
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    @AfterAll
    static void close() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void anOperatorConnectsFiltersSearchesAndBrowsesEveryTab() throws IOException {
        String marker = "browser-" + UUID.randomUUID();
        Logger log = Logger.getLogger("dev.bri.browsertest");
        log.infof("an info record %s", marker);
        log.warnf("a warning record %s", marker);
        log.error("an error record " + marker, new IllegalStateException("disk full " + marker));
        String videoId = TestData.createVideo(42);
        TestData.ingest(videoId, TestData.caption("c1", 1.0, "a dog"));

        driver.get(page.toString());
        // the shell shows no data before a token is given
        assertThat(driver.findElement(By.id("app")).isDisplayed()).isFalse();
        WebElement token = driver.findElement(By.id("token"));
        assertThat(driver.findElement(By.cssSelector("label[for=token]")).getText()).isEqualTo("Admin token");
        token.sendKeys(TestData.ADMIN_TOKEN, Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("log-table")));
        wait.until(d -> !rows().isEmpty());

        // filter by level and search text
        new Select(driver.findElement(By.id("f-level"))).selectByVisibleText("WARN");
        driver.findElement(By.id("f-q")).sendKeys(marker);
        driver.findElement(By.id("apply")).click();
        wait.until(d -> rows().size() == 2);
        assertThat(rows()).extracting(r -> r.findElements(By.tagName("td")).get(1).getText())
                .containsExactly("ERROR", "WARN");
        assertThat(rows().get(0).getText()).contains("an error record " + marker).contains("dev.bri.browsertest");
        screenshot("ops-logs");

        // a component filter that matches nothing empties the table
        driver.findElement(By.id("f-component")).sendKeys("dev.bri.nothing");
        driver.findElement(By.id("apply")).click();
        wait.until(d -> rows().isEmpty());
        driver.findElement(By.id("f-component")).clear();
        new Select(driver.findElement(By.id("f-level"))).selectByVisibleText("all");
        driver.findElement(By.id("f-q")).clear();
        driver.findElement(By.id("apply")).click();
        wait.until(d -> rows().size() > 3);

        // keyboard: arrow keys move between tabs (ARIA tabs pattern)
        WebElement logsTab = driver.findElement(By.id("tab-logs"));
        logsTab.sendKeys(Keys.ARROW_RIGHT);
        wait.until(d -> "true".equals(d.findElement(By.id("tab-analytics")).getAttribute("aria-selected")));
        assertThat(driver.findElement(By.id("panel-analytics")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("panel-logs")).isDisplayed()).isFalse();
        wait.until(d -> !d.findElements(By.cssSelector("#timeline canvas")).isEmpty());
        assertThat(driver.findElements(By.cssSelector("#level-bars li"))).hasSize(5);
        screenshot("ops-analytics");

        driver.findElement(By.id("tab-performance")).click();
        wait.until(d -> d.findElement(By.id("perf-http")).getText().contains("/api/v1/videos/{videoId}"));
        screenshot("ops-performance");

        driver.findElement(By.id("tab-errors")).click();
        wait.until(d -> d.findElement(By.id("error-groups")).getText().contains("an error record " + marker));
        screenshot("ops-errors");

        // backups: start a verified backup from the page and see it listed as passed
        driver.findElement(By.id("tab-backups")).click();
        wait.until(d -> d.findElement(By.id("backup-summary")).getText().contains("backups."));
        int before = driver.findElements(By.cssSelector("#backup-table tbody tr")).size();
        driver.findElement(By.id("start-backup")).click();
        wait.until(d -> d.findElement(By.id("backup-status")).getText().startsWith("Backup ")
                && !d.findElement(By.id("backup-status")).getText().contains("running"));
        String outcome = driver.findElement(By.id("backup-status")).getText();
        assertThat(outcome).contains("finished: passed");
        String backupId = outcome.replaceAll("^Backup (\\S+) finished.*$", "$1");
        wait.until(d -> d.findElements(By.cssSelector("#backup-table tbody tr")).size() == before + 1);
        WebElement newest = driver.findElements(By.cssSelector("#backup-table tbody tr")).stream()
                .filter(r -> r.getText().contains(backupId)).findFirst().orElseThrow();
        assertThat(newest.getText()).contains("passed");
        assertThat(driver.findElement(By.id("backup-summary")).getText()).contains("Last good (verified) backup: ");
        // the restore drill and the live quick_check, run from the page, with their results shown
        driver.findElement(By.id("start-drill")).click();
        wait.until(d -> d.findElement(By.id("drill-status")).getText().startsWith("Restore drill: "));
        String drill = driver.findElement(By.id("drill-status")).getText();
        assertThat(drill).matches("Restore drill: (passed|skipped) .*");
        wait.until(d -> d.findElement(By.id("drill-summary")).getText().startsWith(drill.substring(0, 20)));
        driver.findElement(By.id("start-quick-check")).click();
        wait.until(d -> d.findElement(By.id("drill-status")).getText().startsWith("Live quick_check: "));
        assertThat(driver.findElement(By.id("drill-status")).getText()).startsWith("Live quick_check: ok");
        wait.until(d -> d.findElement(By.id("quick-check-summary")).getText().startsWith("Live quick_check: ok"));
        screenshot("ops-backups");

        driver.findElement(By.id("tab-health")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#health-components tbody tr")).isEmpty());
        assertThat(driver.findElement(By.id("health-overall")).getText()).startsWith("Overall: ");
        assertThat(driver.findElement(By.id("health-components")).getText()).contains("database");
        screenshot("ops-health");

        List<LogEntry> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(problems).as("browser console errors and warnings").isEmpty();
    }

    @Test
    void aWrongTokenIsRefusedAndNoDataIsShown() {
        driver.get(page.toString());
        driver.executeScript("sessionStorage.clear()");
        driver.navigate().refresh();
        driver.findElement(By.id("token")).sendKeys("not-the-token", Keys.ENTER);
        wait.until(d -> d.findElement(By.id("status")).getText().contains("refused"));
        assertThat(driver.findElement(By.id("app")).isDisplayed()).isFalse();
        assertThat((String) driver.executeScript("return sessionStorage.getItem('bri.ops.token')")).isNull();
        // the 401 of the refused call is the only console error
        assertThat(driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList())
                .isNotEmpty().allSatisfy(e -> assertThat(e.getMessage()).contains("401"));
    }

    private static List<WebElement> rows() {
        return driver.findElements(By.cssSelector("#log-table tbody tr"));
    }

    static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

}
