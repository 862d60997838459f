package dev.bri.ratelimit;

import static dev.bri.TestData.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.bri.security.AuthOnProfile;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Per-key limits over HTTP. Each test uses keys no other test of this profile uses, since buckets live as long as
 * the instance: the reader key for reads, the writer key for writes, the admin token for search.
 */
@QuarkusTest
@TestProfile(RateLimitedProfile.class)
class RateLimitTest {

    @Inject
    MeterRegistry registry;

    @Test
    void aClientOverItsReadBurstGets429WithRetryAfterWhileAnotherClientIsServed() {
        double before = limited("read");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(AuthOnProfile.READER).get("/api/v1/videos").then().statusCode(200);
        }
        String requestId = "req-" + UUID.randomUUID();
        given().header("X-Request-ID", requestId).auth().oauth2(AuthOnProfile.READER).get("/api/v1/videos")
                .then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", Integer::parseInt, org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.greaterThanOrEqualTo(1), org.hamcrest.Matchers.lessThanOrEqualTo(60)))
                .body("type", equalTo("urn:bri:problem:rate-limited")).body("status", equalTo(429))
                .body("request_id", equalTo(requestId));
        assertThat(limited("read")).isEqualTo(before + 1);
        // another key has its own bucket; the operator area is never limited
        given().auth().oauth2(AuthOnProfile.CLIENT).get("/api/v1/videos").then().statusCode(200);
        given().auth().oauth2(ADMIN_TOKEN).get("/admin/health").then().statusCode(200);
        given().auth().oauth2(AuthOnProfile.OPERATOR).get("/admin/health").then().statusCode(200);
    }

    @Test
    void writesAreLimitedBeforeTheBodyIsReadAndChangeNothing() {
        String videoId = "vid-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(AuthOnProfile.WRITER).contentType(ContentType.JSON)
                    .body("{\"filename\":\"a.mp4\",\"duration\":" + (5 + i) + "}")
                    .put("/api/v1/videos/{id}", videoId).then().statusCode(i == 0 ? 201 : 200);
        }
        given().auth().oauth2(AuthOnProfile.WRITER).contentType(ContentType.JSON)
                .body("{\"filename\":\"a.mp4\",\"duration\":99}").put("/api/v1/videos/{id}", videoId)
                .then().statusCode(429).body("type", equalTo("urn:bri:problem:rate-limited"));
        given().auth().oauth2(ADMIN_TOKEN).get("/api/v1/videos/{id}", videoId).then().statusCode(200)
                .body("duration", equalTo(6.0f));
    }

    @Test
    void searchHasItsOwnSmallerBucket() {
        double before = limited("search");
        String path = "/api/v1/videos/vid-" + UUID.randomUUID() + "/search";
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(ADMIN_TOKEN).queryParam("q", "dog").get(path).then().statusCode(404);
        }
        given().auth().oauth2(ADMIN_TOKEN).queryParam("q", "dog").get(path).then().statusCode(429);
        assertThat(limited("search")).isEqualTo(before + 1);
    }

    private double limited(String requestClass) {
        return registry.get("bri.rate.limited.requests").tag("class", requestClass).counter().count();
    }
}
