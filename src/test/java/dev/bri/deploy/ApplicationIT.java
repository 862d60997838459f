package dev.bri.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.bri.TestData;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged artifact as the image runs it: the JVM jar here (./mvnw verify), the native executable in the native
 * workflow (-Dnative). Probes, a context round trip through SQLite and the cache, the admin API and metrics.
 */
@QuarkusIntegrationTest
@WithTestResource(ApplicationIT.Dirs.class)
class ApplicationIT {

    /** Integration tests run the prod profile: give the artifact its own data and backup directories and a token. */
    public static class Dirs implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                var root = Files.createTempDirectory("bri-it");
                return Map.of("bri.data-dir", root.resolve("data").toString(),
                        "bri.backup.dir", root.resolve("backups").toString(),
                        "bri.backup.cron", "off",
                        "bri.admin.token", TestData.ADMIN_TOKEN);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void probesTheChartUsesAnswerUp() {
        for (String path : new String[]{"/q/health/started", "/q/health/live", "/q/health/ready"}) {
            given().get(path).then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void contextRoundTrip() {
        String video = TestData.newVideoId();
        given().contentType(ContentType.JSON).body("{\"filename\":\"it.mp4\",\"duration\":30}")
                .put("/api/v1/videos/{id}", video).then().statusCode(201);
        given().contentType(ContentType.JSON)
                .body(TestData.batch(TestData.caption("c1", 2.0, "a person walking a dog"),
                        TestData.transcript("t1", 0.0, 3.5, "hello everyone")))
                .post("/api/v1/videos/{id}/context", video).then().statusCode(200);
        for (int read = 0; read < 2; read++) { // the second read is served by the cache
            given().get("/api/v1/videos/{id}/context", video).then().statusCode(200)
                    .body(containsString("a person walking a dog")).body(containsString("hello everyone"));
        }
        given().get("/api/v1/videos/{id}/search?q=dog", video).then().statusCode(200)
                .body("hits.id", hasItem("c1"));
        given().get("/api/v1/videos/{id}/context", "no-such-video").then().statusCode(404)
                .contentType(containsString("application/problem+json"));
    }

    @Test
    void adminApiNeedsTheToken() {
        given().get("/admin/health").then().statusCode(401);
        given().header("Authorization", "Bearer " + TestData.ADMIN_TOKEN).get("/admin/health").then()
                .statusCode(200).body("components.component", hasItem("database"));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        given().get("/api/v1/videos/{id}/context", "metrics-probe").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("bri_backup_last_success_timestamp_seconds"))
                .body(containsString("bri_db_query_seconds"));
    }
}
