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

/** A restart remembers the last restore drill: the ops page shows it and the drill alerts keep their clock. */
class DrillHistoryIT {

    @Test
    void theLastDrillSurvivesARestart() throws Exception {
        Path root = Files.createTempDirectory("bri-drill-history");
        try (ServiceProcess service = new ServiceProcess(root.resolve("data"),
                Map.of("BRI_ADMIN_TOKEN", TestData.ADMIN_TOKEN, "BRI_BACKUP_CRON", "off")).start()) {
            service.awaitArchiving();
            JsonPath drill = given().baseUri(service.url()).auth().oauth2(TestData.ADMIN_TOKEN)
                    .post("/admin/backups/drill").then().statusCode(200).extract().jsonPath();
            assertThat(drill.getString("result")).as(drill.getString("detail")).isEqualTo("passed");
            double passedAt = metric(service, "bri_backup_drill_last_success_timestamp_seconds");
            assertThat(passedAt).isPositive();

            service.stop();
            service.start();

            assertThat(metric(service, "bri_backup_drill_last_success_timestamp_seconds")).isEqualTo(passedAt);
            assertThat(metric(service, "bri_backup_drill_last_failure_timestamp_seconds")).isZero();
            JsonPath status = given().baseUri(service.url()).auth().oauth2(TestData.ADMIN_TOKEN)
                    .get("/admin/backups/drill").then().statusCode(200).extract().jsonPath();
            assertThat(status.getString("last.result")).isEqualTo("passed");
            assertThat(status.getString("last.chain")).isEqualTo(drill.getString("chain"));
            assertThat(status.getString("last.started_at")).isEqualTo(drill.getString("started_at"));
        }
    }

    private static double metric(ServiceProcess service, String series) {
        String metrics = given().baseUri(service.url()).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(metrics);
        assertThat(m.find()).as(series + " exported").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
