package dev.bri.pipeline;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PipelineApiTest {

    private static void report(String id, String body, String expectedStatus) {
        given().contentType(ContentType.JSON).body(body).post("/api/v1/videos/{id}/pipeline", id)
                .then().statusCode(200).body("video_status", equalTo(expectedStatus));
    }

    @Test
    void stageReportsDriveTheProcessingStatus() {
        String id = TestData.createVideo(60);
        report(id, "{\"stage\":\"pipeline\",\"status\":\"started\"}", "processing");
        report(id, "{\"stage\":\"extracting\",\"status\":\"started\"}", "extracting");
        report(id, "{\"stage\":\"extracting\",\"status\":\"succeeded\",\"duration_ms\":1500}", "extracting");
        report(id, "{\"stage\":\"captioning\",\"status\":\"started\"}", "captioning");
        report(id, "{\"stage\":\"pipeline\",\"status\":\"succeeded\",\"duration_ms\":9000}", "complete");
        given().get("/api/v1/videos/{id}", id).then().body("status", equalTo("complete"));
        report(id, "{\"stage\":\"transcribing\",\"status\":\"failed\",\"error\":\"model crashed\"}", "error");
        given().get("/q/metrics").then()
                .body(containsString("bri_pipeline_stage_seconds_count{stage=\"extracting\",status=\"succeeded\"}"));
    }

    @Test
    void invalidReportsAreRejected() {
        String id = TestData.createVideo(60);
        given().contentType(ContentType.JSON).body("{\"stage\":\"dancing\",\"status\":\"done\",\"duration_ms\":-1}")
                .post("/api/v1/videos/{id}/pipeline", id).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("stage")).body("errors.field", hasItem("status"))
                .body("errors.field", hasItem("duration_ms"));
        given().get("/api/v1/videos/{id}", id).then().body("status", equalTo("pending"));
        given().contentType(ContentType.JSON).body("{\"stage\":\"pipeline\",\"status\":\"started\"}")
                .post("/api/v1/videos/{id}/pipeline", TestData.newVideoId()).then().statusCode(404);
    }

    @Test
    void progressIsFoldedFromTheRecordedReports() {
        String id = TestData.createVideo(60);
        given().get("/api/v1/videos/{id}/pipeline", id).then().statusCode(200)
                .body("video_id", equalTo(id)).body("video_status", equalTo("pending"))
                .body("progress", equalTo(0.0f)).body("reports", equalTo(0))
                .body("pipeline.state", equalTo("pending")).body("last_report_at", nullValue())
                .body("stages.stage", contains("extracting", "captioning", "transcribing", "detecting", "indexing"))
                .body("stages.state", everyItem(equalTo("pending")));
        report(id, "{\"stage\":\"pipeline\",\"status\":\"started\"}", "processing");
        report(id, "{\"stage\":\"extracting\",\"status\":\"started\"}", "extracting");
        report(id, "{\"stage\":\"extracting\",\"status\":\"succeeded\",\"duration_ms\":1500}", "extracting");
        report(id, "{\"stage\":\"captioning\",\"status\":\"started\"}", "captioning");
        report(id, "{\"stage\":\"captioning\",\"status\":\"failed\",\"error\":\"GPU lost\"}", "error");
        report(id, "{\"stage\":\"captioning\",\"status\":\"started\"}", "captioning");
        given().get("/api/v1/videos/{id}/pipeline", id).then().statusCode(200)
                .body("video_status", equalTo("captioning")).body("progress", equalTo(0.2f))
                .body("reports", equalTo(6)).body("last_report_at", notNullValue())
                .body("pipeline.state", equalTo("running")).body("pipeline.started_at", notNullValue())
                .body("stages[0].state", equalTo("succeeded")).body("stages[0].duration_ms", equalTo(1500))
                .body("stages[0].finished_at", notNullValue()).body("stages[0].attempts", equalTo(1))
                // a retried stage shows its latest attempt, not the earlier failure
                .body("stages[1].state", equalTo("running")).body("stages[1].attempts", equalTo(2))
                .body("stages[1].error", nullValue())
                .body("stages[2].state", equalTo("pending"));
        report(id, "{\"stage\":\"captioning\",\"status\":\"failed\",\"error\":\"GPU lost again\"}", "error");
        given().get("/api/v1/videos/{id}/pipeline", id).then()
                .body("stages[1].state", equalTo("failed")).body("stages[1].error", equalTo("GPU lost again"));
        report(id, "{\"stage\":\"pipeline\",\"status\":\"succeeded\"}", "complete");
        given().get("/api/v1/videos/{id}/pipeline", id).then()
                .body("progress", equalTo(1.0f)).body("pipeline.state", equalTo("succeeded"));
        given().get("/api/v1/videos/{id}/pipeline", TestData.newVideoId()).then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/v1/videos/{id}/pipeline", "bad id!").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
