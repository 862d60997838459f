package dev.bri.cache;

import static dev.bri.TestData.caption;
import static dev.bri.TestData.createVideo;
import static dev.bri.TestData.ingest;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import dev.bri.RedisProcess;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CacheTiersTest {

    @Inject
    LocalTier local;

    @Inject
    Event<CacheFlush> flush;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    InvalidationSubscriber subscriber;

    /** Subscribing flushes L1 (invalidations may have been missed): L1 assertions start once it listens. */
    @BeforeEach
    void listening() {
        await().atMost(Duration.ofSeconds(10)).until(subscriber::subscribed);
    }

    @Test
    void secondReadIsServedFromL1AndAWriteInvalidatesBeforeItIsAcknowledged() {
        String id = createVideo(60);
        ingest(id, caption("c1", 1, "a dog on a beach"));
        given().get("/api/v1/videos/{id}/context", id).then().statusCode(200).header("X-Cache", "MISS")
                .body("captions", hasSize(1));
        given().get("/api/v1/videos/{id}/context", id).then().statusCode(200).header("X-Cache", "HIT-L1")
                .body("captions", hasSize(1));

        ingest(id, caption("c2", 2, "a cat on a wall"));

        given().get("/api/v1/videos/{id}/context", id).then().statusCode(200).header("X-Cache", "MISS")
                .body("captions.id", hasItem("c2"));
    }

    @Test
    void l1MissIsServedFromRedisWithIdenticalBytes() {
        String id = createVideo(60);
        ingest(id, caption("c1", 1, "a red kite"));
        String first = given().get("/api/v1/videos/{id}/context/at?t=1", id).then().statusCode(200)
                .header("X-Cache", "MISS").extract().asString();
        local.flush();
        String second = given().get("/api/v1/videos/{id}/context/at?t=1", id).then().statusCode(200)
                .header("X-Cache", "HIT-L2").extract().asString();
        assertThat(second).isEqualTo(first);
        assertThat(RedisProcess.command("EXISTS", "bri:context:" + id)).isEqualTo(":1");
    }

    @Test
    void everyContextReadCarriesXCacheAndQueriesAreCachedSeparately() {
        String id = createVideo(60);
        ingest(id, caption("c1", 1, "a dog"), caption("c2", 20, "a horse"));
        given().get("/api/v1/videos/{id}/search?q=dog", id).then().statusCode(200).header("X-Cache", "MISS")
                .body("hits", hasSize(1));
        given().get("/api/v1/videos/{id}/search?q=horse", id).then().statusCode(200).header("X-Cache", "MISS")
                .body("hits[0].id", containsString("c2"));
        given().get("/api/v1/videos/{id}/search?q=dog", id).then().header("X-Cache", "HIT-L1");
        given().get("/api/v1/videos/{id}/objects?class=dog", id).then().statusCode(200).header("X-Cache", "MISS");
        given().get("/api/v1/videos/{id}/objects?class=dog", id).then().header("X-Cache", "HIT-L1");
        given().get("/api/v1/videos/{id}/context?types=caption&from=0&to=10", id).then().header("X-Cache", "MISS")
                .body("captions", hasSize(1));
        given().get("/api/v1/videos/{id}/context?types=caption&from=0&to=10", id).then()
                .header("X-Cache", "HIT-L1");
    }

    @Test
    void memoryWriteInvalidatesTheContextIncludingMemory() {
        String id = createVideo(60);
        given().get("/api/v1/videos/{id}/context?include=memory", id).then().statusCode(200)
                .body("memory", hasSize(0));
        given().get("/api/v1/videos/{id}/context?include=memory", id).then().header("X-Cache", "HIT-L1");
        given().contentType(ContentType.JSON).body("{\"role\":\"user\",\"content\":\"what is the dog doing?\"}")
                .post("/api/v1/videos/{id}/memory", id).then().statusCode(201);
        given().get("/api/v1/videos/{id}/context?include=memory", id).then().header("X-Cache", "MISS")
                .body("memory", hasSize(1));
    }

    @Test
    void cacheFlushEventDropsBothTiers() {
        String id = createVideo(60);
        given().get("/api/v1/videos/{id}/context", id).then().header("X-Cache", "MISS");
        given().get("/api/v1/videos/{id}/context", id).then().header("X-Cache", "HIT-L1");
        flush.fire(new CacheFlush("test"));
        given().get("/api/v1/videos/{id}/context", id).then().header("X-Cache", "MISS");
    }

    @Test
    void unknownVideosAreClientErrorsThatNeverTripTheDatabaseBreaker() {
        for (int i = 0; i < 12; i++) {
            given().get("/api/v1/videos/{id}/context", "no-such-video-" + i).then().statusCode(404)
                    .contentType("application/problem+json").header("X-Cache", (String) null);
        }
        assertThat(breakers.currentState("database")).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void cacheMetricsArePublishedPerTier() {
        String id = createVideo(60);
        given().get("/api/v1/videos/{id}/context", id);
        given().get("/api/v1/videos/{id}/context", id);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("bri_cache_requests_total{result=\"hit\",tier=\"l1\"}"))
                .body(containsString("bri_cache_requests_total{result=\"miss\",tier=\"l2\"}"))
                .body(containsString("bri_cache_entries{tier=\"l1\"}"))
                .body(containsString("bri_cache_l2_up 1.0"))
                .body(not(containsString("bri_cache_l2_pending_invalidations 1.0")));
    }
}
