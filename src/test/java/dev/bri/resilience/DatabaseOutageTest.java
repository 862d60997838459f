package dev.bri.resilience;

import static dev.bri.TestData.ADMIN_TOKEN;
import static dev.bri.TestData.caption;
import static dev.bri.TestData.createVideo;
import static dev.bri.TestData.ingest;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import dev.bri.observability.LogCapture;
import dev.bri.storage.Database;
import dev.bri.storage.StorageConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The database made really unreadable: its files are moved away and replaced by a non-database file while no
 * connection is open (Database.exclusive), so every new connection fails as it would on a corrupted volume.
 */
@QuarkusTest
class DatabaseOutageTest {

    private static final List<String> FILES = List.of("bri.db", "bri.db-wal", "bri.db-shm");

    @Inject
    Database database;

    @Inject
    StorageConfig storage;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Test
    void cachedContextIsServedStaleUncachedGets503AndBothRecover() throws Exception {
        String cached = createVideo(60);
        String uncached = createVideo(60);
        ingest(cached, caption("c1", 1, "a dog on a beach"));
        ingest(uncached, caption("u1", 1, "a horse"));
        given().get("/api/v1/videos/{id}/context", cached).then().statusCode(200).header("X-Cache", "MISS");

        Path aside = Files.createTempDirectory("bri-outage");
        breakDatabase(aside);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                given().get("/api/v1/videos/{id}/context", uncached).then().statusCode(503)
                        .contentType("application/problem+json").header("Retry-After", notNullValue());
                return breakers.currentState("database") == CircuitBreakerState.OPEN;
            });

            Response stale = given().get("/api/v1/videos/{id}/context", cached);
            stale.then().statusCode(200).header("X-Cache", "STALE").header("Age", notNullValue())
                    .body("stale", equalTo(true)).body("stale_age_seconds", notNullValue())
                    .body("captions", hasSize(1));
            given().get("/api/v1/videos/{id}/context", uncached).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "1")
                    .body("type", equalTo("urn:bri:problem:database-unavailable"));

            JsonPath health = given().auth().oauth2(ADMIN_TOKEN).get("/admin/health").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(health.getString("status")).isEqualTo("unhealthy");
            assertThat(health.getString("components.find { it.component == 'database' }.status"))
                    .isEqualTo("UNHEALTHY");
            assertThat(health.getList("recent_events.event")).contains("breaker-open", "stale-serve");
            given().get("/q/metrics").then()
                    .body(containsString("bri_degradation_events_total{component=\"database\",event=\"stale-serve\"}"))
                    .body(containsString("bri_health_state 2.0"));
        } finally {
            repairDatabase(aside);
        }

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/api/v1/videos/{id}/context", uncached).then().statusCode(200)
                        .body("captions", hasSize(1)));
        await().atMost(Duration.ofSeconds(30)).until(
                () -> breakers.currentState("database") == CircuitBreakerState.CLOSED);
        given().get("/api/v1/videos/{id}/context", cached).then().statusCode(200).header("X-Cache", "HIT-L1");
        given().auth().oauth2(ADMIN_TOKEN).get("/admin/health").then()
                .body("components.find { it.component == 'database' }.status", equalTo("HEALTHY"));
    }

    @Test
    void unreadableMemoryGivesAPartialDocumentThatIsNotCached() {
        String id = createVideo(60);
        ingest(id, caption("c1", 1, "a dog on a beach"));
        database.write("test_break_memory", c -> c.createStatement()
                .executeUpdate("ALTER TABLE memory_turns RENAME TO memory_turns_unavailable"));
        String requestId = "partial-" + id;
        try {
            given().header("X-Request-ID", requestId).get("/api/v1/videos/{id}/context?include=memory", id).then()
                    .statusCode(200).header("X-Cache", "MISS").body("partial", equalTo(true))
                    .body("missing", equalTo(List.of("memory"))).body("captions", hasSize(1));
            // logged on a read thread (bri.storage.read-threads), with the request's MDC
            assertThat(LogCapture.withRequestId("bri.log", requestId))
                    .filteredOn(r -> r.path("message").asText().startsWith("context.partial")).singleElement()
                    .satisfies(r -> {
                        assertThat(r.path("threadName").asText()).startsWith("bri-read-");
                        assertThat(r.path("mdc").path("video_id").asText()).isEqualTo(id);
                    });
            given().get("/api/v1/videos/{id}/context?include=memory", id).then().header("X-Cache", "MISS")
                    .body("partial", equalTo(true));
        } finally {
            database.write("test_repair_memory", c -> c.createStatement()
                    .executeUpdate("ALTER TABLE memory_turns_unavailable RENAME TO memory_turns"));
        }
        given().get("/api/v1/videos/{id}/context?include=memory", id).then().statusCode(200)
                .body("partial", org.hamcrest.Matchers.nullValue()).body("memory", hasSize(0));
        given().get("/q/metrics").then().body(containsString(
                "bri_degradation_events_total{component=\"context\",event=\"partial-response\"}"));
    }

    private void breakDatabase(Path aside) {
        database.exclusive("test_break", ignored -> {
            move(storage.dataDir(), aside);
            try {
                Files.writeString(storage.databaseFile(), "this is not a database ".repeat(200));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    private void repairDatabase(Path aside) {
        database.exclusive("test_repair", ignored -> {
            try {
                Files.deleteIfExists(storage.databaseFile());
                for (String f : List.of("bri.db-wal", "bri.db-shm")) {
                    Files.deleteIfExists(storage.dataDir().resolve(f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            move(aside, storage.dataDir());
            return null;
        });
    }

    private static void move(Path from, Path to) {
        try {
            for (String f : FILES) {
                if (Files.exists(from.resolve(f))) {
                    Files.move(from.resolve(f), to.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
