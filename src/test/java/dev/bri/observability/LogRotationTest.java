package dev.bri.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.handlers.PeriodicSizeRotatingFileHandler;
import org.junit.jupiter.api.Test;

/**
 * Daily rotation of the real pipeline log file. The handler rotates on the timestamp of the record it writes, so a
 * record stamped tomorrow plays the clock: the day's file is renamed to bri_pipeline.log.&lt;today&gt; and a new one
 * starts. (Runs against the shared test instance; the pipeline handler then waits for the day after tomorrow.)
 */
@QuarkusTest
class LogRotationTest {

    @Inject
    LogFiles files;

    @Test
    void thePipelineLogRotatesAtMidnightIntoADatedFile() throws Exception {
        String videoId = TestData.createVideo(30);
        String requestId = "req-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).header("X-Request-ID", requestId)
                .body("{\"stage\":\"extracting\",\"status\":\"failed\",\"duration_ms\":1234,\"error\":\"ffmpeg exit 1\"}")
                .post("/api/v1/videos/{id}/pipeline", videoId).then().statusCode(200);
        // the stage report is in the pipeline file with its fields
        assertThat(LogCapture.withRequestId("bri_pipeline.log", requestId)).singleElement().satisfies(r -> {
            assertThat(r.path("mdc").path("pipeline_stage").asText()).isEqualTo("extracting");
            assertThat(r.path("mdc").path("pipeline_status").asText()).isEqualTo("failed");
            assertThat(r.path("mdc").path("pipeline_duration_ms").asText()).isEqualTo("1234");
            assertThat(r.path("mdc").path("pipeline_error").asText()).isEqualTo("ffmpeg exit 1");
            assertThat(r.path("level").asText()).isEqualTo("WARN");
        });

        PeriodicSizeRotatingFileHandler handler = files.handler("bri_pipeline.log");
        assertThat(handler).as("pipeline file handler (bri.log.files.enabled=true in tests)").isNotNull();
        Instant tomorrow = Instant.now().plus(1, ChronoUnit.DAYS);
        String today = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.systemDefault()).format(Instant.now());
        String tomorrowsRecord = "tomorrow's first record " + UUID.randomUUID();
        ExtLogRecord record = new ExtLogRecord(Level.INFO, tomorrowsRecord, LogRotationTest.class.getName());
        record.setLoggerName("bri.pipeline");
        record.setInstant(tomorrow);
        handler.publish(record);

        Path rotated = LogCapture.DIR.resolve("bri_pipeline.log." + today);
        assertThat(rotated).exists();
        assertThat(Files.readString(rotated)).contains(requestId).doesNotContain(tomorrowsRecord);
        assertThat(LogCapture.records("bri_pipeline.log")).singleElement()
                .satisfies(r -> assertThat(r.path("message").asText()).isEqualTo(tomorrowsRecord));
    }
}
