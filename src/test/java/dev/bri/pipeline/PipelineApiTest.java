package dev.bri.pipeline;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

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
}
