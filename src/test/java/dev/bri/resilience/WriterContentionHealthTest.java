package dev.bri.resilience;

import static dev.bri.TestData.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.bri.storage.Database;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A writer that holds the single-writer lock (a long ingest, a stuck statement) must not take the pod out of the
 * Service: readiness reads only. The busy writer shows in {@code GET /admin/health} and {@code bri_health_state}.
 */
@QuarkusTest
class WriterContentionHealthTest {

    @Inject
    Database database;

    @Test
    void aBusyWriterLeavesReadinessUpAndIsReportedAsDegraded() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> writer = CompletableFuture.supplyAsync(() -> database.write("test_hold_writer", c -> {
            holding.countDown();
            try {
                return release.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        try {
            assertThat(holding.await(1, TimeUnit.MINUTES)).isTrue();

            given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                    .body("checks.find { it.name == 'database' }.status", equalTo("UP"));
            given().auth().oauth2(ADMIN_TOKEN).get("/admin/health").then().statusCode(200)
                    .body("components.find { it.component == 'database' }.status", equalTo("DEGRADED"))
                    .body("components.find { it.component == 'database' }.summary", containsString("writer busy"));
            given().get("/q/metrics").then().body(containsString("bri_db_errors_total{operation=\"health_write\"}"));
        } finally {
            release.countDown();
            writer.get(1, TimeUnit.MINUTES);
        }

        given().auth().oauth2(ADMIN_TOKEN).get("/admin/health").then()
                .body("components.find { it.component == 'database' }.status", equalTo("HEALTHY"))
                .body("components.find { it.component == 'database' }.summary",
                        equalTo("reads and writes served"));
    }
}
