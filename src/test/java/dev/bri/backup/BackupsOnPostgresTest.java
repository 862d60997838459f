package dev.bri.backup;

import static dev.bri.TestData.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.bri.cli.BriCli;
import dev.bri.testing.PostgresProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL the service's file backups do not exist: its backup and restore endpoints and the CLI say so and
 * point to PostgreSQL's own procedure, and nothing SQLite-only reports itself broken in health or metrics.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class BackupsOnPostgresTest {

    @TestHTTPResource("/")
    URL base;

    @TempDir
    Path tmp;

    @Test
    void backupAndRestoreEndpointsAnswerWithThePostgresqlProcedure() {
        for (String path : List.of("/admin/backups", "/admin/backups/verify", "/admin/backups/cleanup")) {
            given().auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON).body("{}").post(path).then()
                    .statusCode(409).contentType("application/problem+json")
                    .body("type", equalTo("urn:bri:problem:not-on-this-engine"))
                    .body("detail", containsString("PostgreSQL")).body("detail", containsString("CloudNativePG"))
                    .body("detail", containsString("docs/BACKUP_RESTORE_GUIDE.md"));
        }
        given().auth().oauth2(ADMIN_TOKEN).get("/admin/backups").then().statusCode(409)
                .body("type", equalTo("urn:bri:problem:not-on-this-engine"));
        given().auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON).body("{\"latest\":true}")
                .post("/admin/restore").then().statusCode(409)
                .body("type", equalTo("urn:bri:problem:not-on-this-engine"));
        // authentication still comes first
        given().post("/admin/backups").then().statusCode(401);
    }

    @Test
    void theCliRefusesWithoutPretending() throws Exception {
        Path token = tmp.resolve("token");
        Files.writeString(token, ADMIN_TOKEN);
        String url = base.toString();
        // against the running service: refused (exit 1, not 3 "busy": retrying would not help)
        assertThat(BriCli.run("backup", "create", "--url", url, "--token-file", token.toString())).isEqualTo(1);
        assertThat(BriCli.run("backup", "list", "--url", url, "--token-file", token.toString())).isEqualTo(1);
        // offline, on a PostgreSQL deployment's pod: no SQLite file to copy or replace, nothing created
        Path data = tmp.resolve("data");
        Path backups = tmp.resolve("backups");
        assertThat(BriCli.run("backup", "create", "--engine", "postgresql", "--data-dir", data.toString(),
                "--backup-dir", backups.toString())).isEqualTo(1);
        assertThat(data).doesNotExist();
        assertThat(backups).doesNotExist();
    }

    @Test
    void sqliteOnlyPartsAreNotReportedBroken() {
        JsonPath health = given().auth().oauth2(ADMIN_TOKEN).get("/admin/health").then().statusCode(200).extract()
                .jsonPath();
        for (String component : List.of("backups", "archive")) {
            assertThat(health.getString("components.find { it.component == '" + component + "' }.status"))
                    .as(component).isEqualTo("HEALTHY");
        }
        assertThat(health.getList("components.findAll { it.status != 'HEALTHY' }.component")).isEmpty();
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        // the series BriContextBackupMissing watches is absent, so the alert cannot fire for backups PostgreSQL takes
        assertThat(metrics).doesNotContain("bri_backup_last_success_timestamp_seconds");
        given().get("/q/health/ready").then().statusCode(200);
    }
}
