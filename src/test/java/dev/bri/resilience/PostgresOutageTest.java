package dev.bri.resilience;

import static dev.bri.TestData.ADMIN_TOKEN;
import static dev.bri.TestData.caption;
import static dev.bri.TestData.createVideo;
import static dev.bri.TestData.ingest;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import dev.bri.TestData;
import dev.bri.testing.PostgresProfile;
import dev.bri.testing.PostgresResource;
import dev.bri.testing.PostgresServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL server really goes away under load (SIGKILL of the postmaster and every backend, or a fast
 * shutdown) and comes back: cached reads are served stale, uncached reads and writes are refused with 503 and
 * Retry-After, readiness goes down, no acknowledged write is lost, and the service recovers on its own.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresOutageTest {

    private static final int WRITERS = 4;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Test
    void killedUnderLoadThenBack() throws Exception {
        outage(PostgresServer::kill);
    }

    @Test
    void stoppedUnderLoadThenBack() throws Exception {
        outage(PostgresServer::stop);
    }

    private void outage(java.util.function.Consumer<PostgresServer> fault) throws Exception {
        PostgresServer server = PostgresResource.server();
        String cached = createVideo(60);
        String uncached = createVideo(60);
        String written = createVideo(3600);
        ingest(cached, caption("c1", 1, "a dog on a beach"));
        ingest(uncached, caption("u1", 1, "a horse"));
        given().get("/api/v1/videos/{id}/context", cached).then().statusCode(200);

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger batch = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(pool.submit(() -> {
                while (running.get()) {
                    int b = batch.incrementAndGet();
                    String[] items = new String[5];
                    for (int i = 0; i < items.length; i++) {
                        items[i] = caption("w" + b + "-" + i, b % 3000 + i * 0.1, "load " + b);
                    }
                    Response r = given().contentType(ContentType.JSON).body(TestData.batch(items))
                            .post("/api/v1/videos/{id}/context", written);
                    statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                    if (r.statusCode() == 200) {
                        acknowledged.addAll(r.jsonPath().getList("ids", String.class));
                    } else if (r.statusCode() != 503 || r.header("Retry-After") == null
                            || !r.contentType().startsWith("application/problem+json")) {
                        unexpected.add(r.statusCode() + " " + r.asString());
                    }
                }
                return null;
            }));
        }
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 50);
            fault.accept(server);
            assertThat(server.running()).isFalse();

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                given().get("/api/v1/videos/{id}/context", uncached).then().statusCode(503)
                        .contentType("application/problem+json").header("Retry-After", notNullValue());
                return breakers.currentState("database") == CircuitBreakerState.OPEN;
            });
            given().get("/api/v1/videos/{id}/context", cached).then().statusCode(200).header("X-Cache", "STALE")
                    .body("stale", equalTo(true)).body("captions", hasSize(1));
            given().get("/api/v1/videos/{id}/context", uncached).then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:bri:problem:database-unavailable"));
            given().contentType(ContentType.JSON).body(TestData.batch(caption("x1", 1, "refused")))
                    .post("/api/v1/videos/{id}/context", uncached).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", notNullValue());
            given().get("/q/health/ready").then().statusCode(503);
            given().auth().oauth2(ADMIN_TOKEN).get("/admin/health").then().statusCode(200)
                    .body("components.find { it.component == 'database' }.status", equalTo("UNHEALTHY"));
            int refusedBefore = statuses.getOrDefault(503, new AtomicInteger()).get();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> statuses.getOrDefault(503, new AtomicInteger()).get() > refusedBefore);
        } finally {
            if (!server.running()) {
                server.start();
            }
        }
        try {
            // Recovery on its own: nobody resets the pool or the breaker.
            int acknowledgedBefore = acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() > acknowledgedBefore + 50);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/videos/{id}/context",
                    uncached).then().statusCode(200).body("captions", hasSize(1)));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                    .statusCode(200));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> breakers.currentState("database") == CircuitBreakerState.CLOSED);
        } finally {
            running.set(false);
            for (Future<?> f : writers) {
                f.get();
            }
            pool.shutdown();
        }
        assertThat(unexpected).as("responses other than 200 or a 503 problem with Retry-After").isEmpty();
        assertThat(statuses.get(503)).as("writes refused during the outage").isNotNull();
        // Nothing acknowledged is lost: every id a 200 returned is stored.
        List<String> stored = given().queryParam("types", "caption").get("/api/v1/videos/{id}/context", written)
                .then().statusCode(200).extract().jsonPath().getList("captions.id", String.class);
        assertThat(stored).containsAll(acknowledged);
    }
}
