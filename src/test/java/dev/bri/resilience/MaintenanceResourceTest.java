package dev.bri.resilience;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Maintenance mode over HTTP: held writes apply in order, reads keep flowing, overflow is a 503 with Retry-After. */
@QuarkusTest
class MaintenanceResourceTest {

    static void maintenance(boolean on) {
        given().auth().oauth2(TestData.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body("{\"enabled\":" + on + ",\"reason\":\"test\"}")
                .post("/admin/maintenance").then().statusCode(200).body("active", equalTo(on));
    }

    static int depth() {
        return given().auth().oauth2(TestData.ADMIN_TOKEN).get("/admin/maintenance")
                .then().statusCode(200).extract().path("queue_depth");
    }

    @AfterEach
    void off() {
        maintenance(false);
    }

    private static Future<Response> appendTurn(ExecutorService pool, String video, String content) {
        return pool.submit(() -> given().contentType(ContentType.JSON)
                .body("{\"role\":\"user\",\"content\":\"" + content + "\"}")
                .post("/api/v1/videos/{id}/memory", video));
    }

    @Test
    void heldWritesAreAppliedInOrderAndEveryClientGetsItsOwnOutcome() throws Exception {
        String video = TestData.createVideo(60);
        TestData.ingest(video, TestData.caption("c1", 1, "before maintenance"));
        maintenance(true);
        given().auth().oauth2(TestData.ADMIN_TOKEN).get("/admin/maintenance").then()
                .body("reason", equalTo("test"));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Response>> writes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            writes.add(appendTurn(pool, video, "turn-" + i));
            int expected = i + 1;
            await().atMost(Duration.ofMinutes(1)).until(() -> depth() >= expected);
        }
        // reads are served while writes are held
        given().get("/api/v1/videos/{id}/context", video).then().statusCode(200);
        given().get("/api/v1/videos/{id}/memory", video).then().statusCode(200).body("turns.size()", equalTo(0));
        maintenance(false);
        for (Future<Response> f : writes) {
            assertThat(f.get(2, TimeUnit.MINUTES).statusCode()).isEqualTo(201);
        }
        pool.shutdown();
        List<String> contents = given().get("/api/v1/videos/{id}/memory?limit=20", video).then().statusCode(200)
                .extract().path("turns.content");
        assertThat(contents).containsExactly("turn-0", "turn-1", "turn-2", "turn-3", "turn-4", "turn-5");
    }

    @Test
    void aFullQueueAnswers503WithRetryAfterAndLosesNothingAcknowledged() throws Exception {
        String video = TestData.createVideo(60);
        maintenance(true);
        int capacity = given().auth().oauth2(TestData.ADMIN_TOKEN).get("/admin/maintenance").then()
                .extract().path("queue_capacity");
        ExecutorService pool = Executors.newFixedThreadPool(capacity);
        List<Future<Response>> writes = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            writes.add(appendTurn(pool, video, "held-" + i));
            int expected = i + 1;
            await().atMost(Duration.ofMinutes(1)).until(() -> depth() >= expected);
        }
        given().contentType(ContentType.JSON).body("{\"role\":\"user\",\"content\":\"overflow\"}")
                .post("/api/v1/videos/{id}/memory", video)
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", equalTo("5"));
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).contains("bri_maintenance_active 1.0")
                .containsPattern("bri_maintenance_queue_depth " + capacity + "\\.0");
        maintenance(false);
        for (Future<Response> f : writes) {
            assertThat(f.get(2, TimeUnit.MINUTES).statusCode()).isEqualTo(201);
        }
        pool.shutdown();
        List<String> contents = given().get("/api/v1/videos/{id}/memory?limit=100", video).then()
                .extract().path("turns.content");
        assertThat(contents).hasSize(capacity).doesNotContain("overflow");
    }

    @Test
    void maintenanceNeedsTheAdminTokenAndValidBodies() {
        given().contentType(ContentType.JSON).body("{\"enabled\":true}").post("/admin/maintenance")
                .then().statusCode(401);
        given().auth().oauth2(TestData.ADMIN_TOKEN).contentType(ContentType.JSON).body("{\"reason\":\"x\"}")
                .post("/admin/maintenance").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestData.ADMIN_TOKEN).contentType(ContentType.JSON).body("{\"enabled\":\"maybe\"}")
                .post("/admin/maintenance").then().statusCode(400);
    }
}
