package dev.bri.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

/** The JSON records the service writes: fields, MDC from the request on worker threads, full stacks, error file. */
@QuarkusTest
class JsonLogTest {

    @Test
    void recordsWrittenWhileServingARequestCarryItsIdsAndAreValidJson() {
        String requestId = "req-" + UUID.randomUUID();
        String videoId = TestData.newVideoId();
        given().contentType(ContentType.JSON).header("X-Request-ID", requestId).header("X-User-ID", "alice")
                .body("{\"filename\":\"a.mp4\",\"duration\":12.5}")
                .put("/api/v1/videos/{id}", videoId).then().statusCode(201);

        List<JsonNode> records = LogCapture.withRequestId("bri.log", requestId);
        JsonNode created = records.stream().filter(r -> r.path("message").asText().startsWith("video.created"))
                .findFirst().orElseThrow(() -> new AssertionError("no video.created record for " + requestId));
        assertThat(created.path("service").asText()).isEqualTo("bri-context");
        assertThat(created.path("version").asText()).isNotBlank();
        assertThat(created.path("level").asText()).isEqualTo("INFO");
        assertThat(created.path("loggerName").asText()).isEqualTo("dev.bri.video.VideoResource");
        assertThat(created.path("timestamp").asText()).isNotBlank();
        // served on a worker thread, not the event loop that ran the pre-matching filter: the MDC followed it
        assertThat(created.path("threadName").asText()).doesNotContain("eventloop");
        assertThat(created.path("mdc").path("user_id").asText()).isEqualTo("alice");
        assertThat(created.path("mdc").path("video_id").asText()).isEqualTo(videoId);
        // and the audit record of the same request, in its own file
        assertThat(LogCapture.withRequestId("bri_audit.log", requestId)).singleElement()
                .satisfies(a -> assertThat(a.path("mdc").path("video_id").asText()).isEqualTo(videoId));
    }

    @Test
    void errorsCarryTheFullStackAndGoToTheErrorFile() {
        String marker = "boom-" + UUID.randomUUID();
        MDC.put("request_id", marker);
        try {
            Logger.getLogger("dev.bri.test").error("failed on purpose " + marker,
                    new IllegalStateException("outer", new java.io.IOException("disk said no")));
        } finally {
            MDC.remove("request_id");
        }
        JsonNode error = LogCapture.withRequestId("bri_errors.log", marker).stream().findFirst()
                .orElseThrow(() -> new AssertionError("error record not in bri_errors.log"));
        assertThat(error.path("level").asText()).isEqualTo("ERROR");
        assertThat(error.path("exception").path("exceptionType").asText())
                .isEqualTo(IllegalStateException.class.getName());
        assertThat(error.path("exception").path("causedBy").path("exception").path("exceptionType").asText())
                .isEqualTo(java.io.IOException.class.getName());
        assertThat(error.path("stackTrace").asText()).contains("IllegalStateException: outer")
                .contains("Caused by: java.io.IOException: disk said no").contains("JsonLogTest");
        assertThat(LogCapture.records("bri_errors.log"))
                .allSatisfy(r -> assertThat(r.path("level").asText()).isEqualTo("ERROR"));
    }
}
