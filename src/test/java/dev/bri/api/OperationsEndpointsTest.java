package dev.bri.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Health, metrics and OpenAPI: what operators and client generators rely on. */
@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void healthEndpointsReportTheirChecks() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("process"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("database")).body("checks.name", hasItem("data-volume"));
        given().get("/q/health/started").then().statusCode(200)
                .body("checks.name", hasItem("storage-migrated"));
    }

    @Test
    void metricsHaveTemplatedUrisHistogramsAndDatabaseTimers() {
        String id = TestData.createVideo(30);
        given().get("/api/v1/videos/{id}", id).then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_bucket{"))
                .body(containsString("uri=\"/api/v1/videos/{videoId}\""))
                .body(containsString("bri_db_query_seconds_count{operation=\"video_detail\"}"))
                .body(containsString("bri_db_query_seconds_bucket{operation=\"video_upsert\""));
    }

    @Test
    void openApiDocumentsTheApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/videos/{videoId}/context"))
                .body("paths", hasKey("/api/v1/videos/{videoId}/context/at"))
                .body("paths", hasKey("/api/v1/videos/{videoId}/search"))
                .body("paths", hasKey("/api/v1/videos/{videoId}/memory"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
