package dev.bri.memory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MemoryApiTest {

    private static void append(String id, String role, String content) {
        given().contentType(ContentType.JSON).body("{\"role\":\"" + role + "\",\"content\":\"" + content + "\"}")
                .post("/api/v1/videos/{id}/memory", id).then().statusCode(201)
                .body("role", equalTo(role)).body("id", notNullValue()).body("timestamp", notNullValue());
    }

    @Test
    void appendReadOldestFirstAndClear() {
        String id = TestData.createVideo(60);
        append(id, "user", "what is in the video?");
        append(id, "assistant", "a dog");
        append(id, "user", "when?");
        given().get("/api/v1/videos/{id}/memory", id).then().statusCode(200)
                .body("turns.content", contains("what is in the video?", "a dog", "when?"));
        given().queryParam("limit", 2).get("/api/v1/videos/{id}/memory", id).then()
                .body("turns.content", contains("a dog", "when?"));
        given().delete("/api/v1/videos/{id}/memory", id).then().statusCode(204);
        given().get("/api/v1/videos/{id}/memory", id).then().body("turns", empty());
    }

    @Test
    void invalidTurnsAreRejected() {
        String id = TestData.createVideo(60);
        given().contentType(ContentType.JSON).body("{\"role\":\"system\",\"content\":\"\"}")
                .post("/api/v1/videos/{id}/memory", id).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("role")).body("errors.field", hasItem("content"));
        given().contentType(ContentType.JSON)
                .body("{\"role\":\"user\",\"content\":\"" + "z".repeat(32001) + "\"}")
                .post("/api/v1/videos/{id}/memory", id).then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"role\":\"user\",\"content\":\"hi\"}")
                .post("/api/v1/videos/{id}/memory", TestData.newVideoId()).then().statusCode(404);
        given().queryParam("limit", 0).get("/api/v1/videos/{id}/memory", id).then().statusCode(400);
        given().get("/api/v1/videos/{id}/memory", id).then().body("turns", hasSize(0));
    }
}
