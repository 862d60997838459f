package dev.bri.cache;

import static dev.bri.TestData.ADMIN_TOKEN;
import static dev.bri.TestData.caption;
import static dev.bri.TestData.createVideo;
import static dev.bri.TestData.ingest;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import dev.bri.RedisProcess;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis really killed (-9), frozen (SIGSTOP) and restarted under a running service. */
@QuarkusTest
class RedisOutageTest {

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    LocalTier local;

    @Inject
    RedisTier redis;

    @Inject
    InvalidationSubscriber subscriber;

    @BeforeEach
    void steadyState() {
        // start from a subscribed replica: a subscription completing mid-test would (rightly) flush L1
        await().atMost(Duration.ofSeconds(30)).until(subscriber::subscribed);
    }

    @AfterEach
    void redisIsBack() {
        if (RedisProcess.command("PING") == null) {
            RedisProcess.restart();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            given().get("/api/v1/videos/{id}/context", "warm-up-" + System.nanoTime());
            return breakers.currentState("redis") == CircuitBreakerState.CLOSED && redis.pendingInvalidations() == 0
                    && subscriber.subscribed();
        });
    }

    @Test
    void killedRedisOpensTheBreakerReadsKeepSucceedingAndEverythingRecoversAfterRestart() {
        String id = createVideo(120);
        ingest(id, caption("c1", 1, "a dog on a beach"));
        given().get("/api/v1/videos/{id}/context", id).then().statusCode(200).header("X-Cache", "MISS");

        RedisProcess.kill();

        AtomicInteger t = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            // uncached reads go through L2 and fail there; they must still answer from SQLite
            given().get("/api/v1/videos/{id}/context/at?t=" + t.incrementAndGet(), id).then().statusCode(200)
                    .header("X-Cache", "MISS");
            return breakers.currentState("redis") == CircuitBreakerState.OPEN;
        });
        given().get("/api/v1/videos/{id}/context", id).then().statusCode(200).header("X-Cache", "HIT-L1")
                .body("captions", hasSize(1));
        given().get("/q/health/ready").then().statusCode(200);
        JsonPath health = given().auth().oauth2(ADMIN_TOKEN).get("/admin/health").then().statusCode(200)
                .extract().jsonPath();
        assertThat(health.getString("components.find { it.component == 'cache-l2' }.status")).isEqualTo("DEGRADED");
        assertThat(health.getString("status")).isNotEqualTo("healthy");
        assertThat(health.getString("breakers.redis")).isIn("open", "half_open");
        assertThat(health.getList("recent_events.event")).contains("breaker-open");
        given().get("/q/metrics").then()
                .body(containsString("bri_cache_l2_up 0.0"))
                .body(containsString("bri_degradation_events_total{component=\"cache-l2\",event=\"breaker-open\"}"))
                .body(containsString("ft_circuitbreaker_state_current"));

        // a write while Redis is down is acknowledged; its L2 invalidation is owed
        ingest(id, caption("c2", 2, "a cat on a wall"));
        assertThat(redis.pendingInvalidations()).isPositive();
        given().get("/api/v1/videos/{id}/context", id).then().statusCode(200).body("captions.id", hasItems("c1", "c2"));

        RedisProcess.restart();

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            given().get("/api/v1/videos/{id}/context/at?t=" + t.incrementAndGet(), id).then().statusCode(200);
            return breakers.currentState("redis") == CircuitBreakerState.CLOSED && redis.pendingInvalidations() == 0;
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ADMIN_TOKEN)
                .get("/admin/health").then().body("components.find { it.component == 'cache-l2' }.status",
                        org.hamcrest.Matchers.equalTo("HEALTHY")));
        local.flush();
        given().get("/api/v1/videos/{id}/context", id).then().statusCode(200).body("captions.id", hasItems("c1", "c2"));
        given().get("/q/metrics").then().body(containsString("bri_cache_l2_up 1.0"))
                .body(containsString("event=\"breaker-closed\""));
    }

    @Test
    void aWriteDuringAnOutageNeverLetsTheOlderRedisEntryBeServedAfterwards() {
        String id = createVideo(120);
        ingest(id, caption("c1", 1, "a dog on a beach"));
        given().get("/api/v1/videos/{id}/context", id).then().header("X-Cache", "MISS");
        assertThat(RedisProcess.command("HLEN", "bri:context:" + id)).isEqualTo(":2");

        RedisProcess.freeze(); // hung Redis: keeps its data, answers nothing
        try {
            ingest(id, caption("c2", 2, "a cat on a wall"));
            assertThat(redis.pendingInvalidations()).isPositive();
        } finally {
            RedisProcess.thaw();
        }
        local.flush(); // the next read has to consult L2, which still holds the pre-write document

        given().get("/api/v1/videos/{id}/context", id).then().statusCode(200).body("captions", hasSize(2))
                .body("captions.id", hasItem("c2"));
        given().get("/api/v1/videos/{id}/context", id).then().header("X-Cache", "HIT-L1")
                .body("captions", hasSize(2));
    }
}
