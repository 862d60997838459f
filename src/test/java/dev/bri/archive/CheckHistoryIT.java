package dev.bri.archive;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.ServiceProcess;
import dev.bri.TestData;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A restart remembers the last restore drill and the last live quick_check: the ops page shows them and their alerts
 * keep comparing the times of the last pass and the last failure.
 */
class CheckHistoryIT {

    @Test
    void theLastDrillAndQuickCheckSurviveARestart() throws Exception {
        Path root = Files.createTempDirectory("bri-check-history");
        try (ServiceProcess service = new ServiceProcess(root.resolve("data"),
                Map.of("BRI_ADMIN_TOKEN", TestData.ADMIN_TOKEN, "BRI_BACKUP_CRON", "off")).start()) {
            service.awaitArchiving();
            JsonPath drill = admin(service).post("/admin/backups/drill").then().statusCode(200).extract().jsonPath();
            assertThat(drill.getString("result")).as(drill.getString("detail")).isEqualTo("passed");
            JsonPath check = admin(service).post("/admin/storage/quick-check").then().statusCode(200).extract()
                    .jsonPath();
            assertThat(check.getString("result")).as(check.getString("detail")).isEqualTo("ok");
            double drillPassedAt = metric(service, "bri_backup_drill_last_success_timestamp_seconds");
            double checkPassedAt = metric(service, "bri_storage_quick_check_last_success_timestamp_seconds");
            assertThat(drillPassedAt).isPositive();
            assertThat(checkPassedAt).isPositive();

            service.stop();
            service.start();

            assertThat(metric(service, "bri_backup_drill_last_success_timestamp_seconds")).isEqualTo(drillPassedAt);
            assertThat(metric(service, "bri_backup_drill_last_failure_timestamp_seconds")).isZero();
            assertThat(metric(service, "bri_storage_quick_check_last_success_timestamp_seconds"))
                    .isEqualTo(checkPassedAt);
            assertThat(metric(service, "bri_storage_quick_check_last_failure_timestamp_seconds")).isZero();
            JsonPath drillStatus = admin(service).get("/admin/backups/drill").then().statusCode(200).extract()
                    .jsonPath();
            assertThat(drillStatus.getString("last.result")).isEqualTo("passed");
            assertThat(drillStatus.getString("last.chain")).isEqualTo(drill.getString("chain"));
            assertThat(drillStatus.getString("last.started_at")).isEqualTo(drill.getString("started_at"));
            assertThat(admin(service).get("/admin/storage/quick-check").then().statusCode(200).extract().jsonPath()
                    .getString("last.started_at")).isEqualTo(check.getString("started_at"));
        }
    }

    private static io.restassured.specification.RequestSpecification admin(ServiceProcess service) {
        return given().baseUri(service.url()).auth().oauth2(TestData.ADMIN_TOKEN);
    }

    private static double metric(ServiceProcess service, String series) {
        String metrics = given().baseUri(service.url()).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(metrics);
        assertThat(m.find()).as(series + " exported").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
