package dev.bri.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The operational gauges an operator alerts on are scraped with plausible values. */
@QuarkusTest
class MetricsTest {

    @Test
    void diskDatabaseAndProcessMetricsAreExported() {
        dev.bri.TestData.createVideo(5);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String volume : new String[]{"data", "backup"}) {
            double free = value(metrics, "bri_volume_free_bytes", "volume=\"" + volume + "\"");
            double size = value(metrics, "bri_volume_size_bytes", "volume=\"" + volume + "\"");
            assertThat(free).isPositive().isLessThanOrEqualTo(size);
        }
        assertThat(value(metrics, "bri_db_file_bytes", "file=\"db\"")).isPositive();
        assertThat(value(metrics, "bri_db_file_bytes", "file=\"wal\"")).isGreaterThanOrEqualTo(0);
        assertThat(metrics).contains("process_cpu_usage").contains("jvm_memory_used_bytes")
                .contains("process_uptime_seconds").contains("bri_db_query_seconds_bucket");
    }

    @Test
    void theReadPoolReportsItsQueue() {
        String video = dev.bri.TestData.createVideo(5);
        given().queryParam("t", 1).queryParam("window", 4.5).get("/api/v1/videos/{id}/context/at", video).then()
                .statusCode(200).header("X-Cache", "MISS");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(value(metrics, "worker_pool_completed_total", "pool_name=\"bri-read\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("worker_pool_queue_delay_seconds_count{pool_name=\"bri-read\"");
    }

    @Test
    void countersTheAlertsWatchExistBeforeTheirFirstEvent() {
        // increase() in the alert rules misses the first event of a series that appears with it
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(value(metrics, "bri_backups_total", "result=\"failure\",trigger=\"schedule\""))
                .isGreaterThanOrEqualTo(0);
        assertThat(value(metrics, "bri_restores_total", "result=\"failed\"")).isGreaterThanOrEqualTo(0);
        assertThat(value(metrics, "bri_backup_verifications_total", "result=\"failed\""))
                .isGreaterThanOrEqualTo(0);
    }

    static double value(String metrics, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*" + Pattern.quote(label) + "[^}]*\\} (\\S+)$")
                .matcher(metrics);
        assertThat(m.find()).as(name + "{" + label + "}").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
