package dev.bri.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The API log against the test instance, which writes bri_api.log (bri.log.files.enabled=true in tests). */
@QuarkusTest
class ApiLogTest {

    /** The record is written once the response has been sent, so the client may look before it is there. */
    private static JsonNode onlyRecord(String requestId) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !LogCapture.withRequestId("bri_api.log", requestId).isEmpty());
        List<JsonNode> records = LogCapture.withRequestId("bri_api.log", requestId);
        assertThat(records).as("bri_api.log records of " + requestId).hasSize(1);
        assertThat(records.get(0).path("loggerName").asText()).isEqualTo("bri.api");
        return records.get(0).path("mdc");
    }

    @Test
    void oneRecordPerRequestWithTheRouteTemplateAndIds() {
        String videoId = TestData.createVideo(30);
        String requestId = "req-" + UUID.randomUUID();
        String body = "{\"role\":\"user\",\"content\":\"what is in the video?\"}";
        byte[] answer = given().contentType(ContentType.JSON).header("X-Request-ID", requestId)
                .header("X-User-ID", "dave").body(body).post("/api/v1/videos/{id}/memory", videoId)
                .then().statusCode(201).extract().asByteArray();
        JsonNode mdc = onlyRecord(requestId);
        assertThat(mdc.path("api_method").asText()).isEqualTo("POST");
        assertThat(mdc.path("api_route").asText()).isEqualTo("/api/v1/videos/{videoId}/memory");
        assertThat(mdc.path("api_status").asText()).isEqualTo("201");
        assertThat(Double.parseDouble(mdc.path("api_duration_ms").asText())).isPositive();
        assertThat(mdc.path("api_bytes_in").asLong()).isEqualTo(body.length());
        assertThat(mdc.path("api_bytes_out").asLong()).isEqualTo(answer.length);
        assertThat(mdc.path("user_id").asText()).isEqualTo("dave");
        assertThat(mdc.path("video_id").asText()).isEqualTo(videoId);
    }

    @Test
    void errorsAreLoggedAndUnknownPathsShareOneRoute() {
        String requestId = "req-" + UUID.randomUUID();
        given().header("X-Request-ID", requestId).get("/api/v1/videos/{id}", TestData.newVideoId())
                .then().statusCode(404);
        JsonNode mdc = onlyRecord(requestId);
        assertThat(mdc.path("api_route").asText()).isEqualTo("/api/v1/videos/{videoId}");
        assertThat(mdc.path("api_status").asText()).isEqualTo("404");

        String unknown = "req-" + UUID.randomUUID();
        given().header("X-Request-ID", unknown).get("/api/v1/no-such-thing/" + UUID.randomUUID())
                .then().statusCode(404);
        assertThat(onlyRecord(unknown).path("api_route").asText()).isEqualTo("unmatched");
    }

    @Test
    void quarkusOwnEndpointsAreSkippedByDefault() {
        String requestId = "req-" + UUID.randomUUID();
        given().header("X-Request-ID", requestId).get("/q/health/live").then().statusCode(200);
        String other = "req-" + UUID.randomUUID();
        given().header("X-Request-ID", other).get("/api/v1/videos?limit=1").then().statusCode(200);
        onlyRecord(other); // written after the probe, so the probe had its chance to be written
        assertThat(LogCapture.withRequestId("bri_api.log", requestId)).isEmpty();
    }

    @Test
    void samplingDropsOnlySuccessfulFastRequests() {
        assertThat(ApiLog.keep(0.0, 200, false)).isFalse();
        assertThat(ApiLog.keep(0.0, 304, false)).isFalse();
        assertThat(ApiLog.keep(0.0, 404, false)).isTrue();
        assertThat(ApiLog.keep(0.0, 503, false)).isTrue();
        assertThat(ApiLog.keep(0.0, 200, true)).isTrue();
        assertThat(ApiLog.keep(1.0, 200, false)).isTrue();
        long kept = IntStream.range(0, 20_000).filter(i -> ApiLog.keep(0.1, 200, false)).count();
        // 2,000 expected; the bounds are more than 10 standard deviations (42) away
        assertThat(kept).isBetween(1_500L, 2_500L);
    }
}
