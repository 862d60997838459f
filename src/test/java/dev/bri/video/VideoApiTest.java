package dev.bri.video;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class VideoApiTest {

    private static final String RANDOM_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @Test
    void putCreatesThenUpdatesIdempotently() {
        String id = TestData.newVideoId();
        String body = "{\"filename\":\"a.mp4\",\"duration\":120.5,\"file_path\":\"/videos/a.mp4\"}";
        given().contentType(ContentType.JSON).body(body).put("/api/v1/videos/{id}", id)
                .then().statusCode(201)
                .body("id", equalTo(id)).body("status", equalTo("pending")).body("duration", equalTo(120.5f))
                .body("file_path", equalTo("/videos/a.mp4")).body("created_at", containsString("Z"));
        given().contentType(ContentType.JSON).body(body).put("/api/v1/videos/{id}", id).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"filename\":\"b.mp4\",\"duration\":10}")
                .put("/api/v1/videos/{id}", id)
                .then().statusCode(200).body("filename", equalTo("b.mp4")).body("file_path", nullValue());
    }

    @Test
    void detailHasCountsAndCompleteness() {
        String id = TestData.createVideo(60);
        TestData.ingest(id, TestData.caption("c1", 1, "a dog"), TestData.frame("f1", 1));
        given().get("/api/v1/videos/{id}", id).then().statusCode(200)
                .body("counts.caption", equalTo(1)).body("counts.frame", equalTo(1))
                .body("counts.transcript", equalTo(0))
                .body("completeness.caption", equalTo(true)).body("completeness.transcript", equalTo(false))
                .body("complete", equalTo(false)).body("memory_turns", equalTo(0));
    }

    @Test
    void invalidInputIsAProblemAndChangesNothing() {
        String id = TestData.newVideoId();
        given().contentType(ContentType.JSON).body("{\"filename\":\"\",\"duration\":-1}")
                .put("/api/v1/videos/{id}", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:bri:problem:validation")).body("status", equalTo(400))
                .body("errors.field", hasItem("filename")).body("errors.field", hasItem("duration"))
                .body("request_id", notNullValue()).body("instance", equalTo("/api/v1/videos/" + id));
        given().get("/api/v1/videos/{id}", id).then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("urn:bri:problem:not-found"));
    }

    @Test
    void badIdsAndBodiesAreRejected() {
        given().contentType(ContentType.JSON).body("{\"filename\":\"a\",\"duration\":1}")
                .put("/api/v1/videos/{id}", "..bad id")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("video_id"));
        given().contentType(ContentType.JSON).body("{\"filename\":")
                .put("/api/v1/videos/{id}", TestData.newVideoId())
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:bri:problem:malformed-body"));
        given().contentType(ContentType.JSON).body("{\"filename\":\"a\",\"duration\":1,\"colour\":\"red\"}")
                .put("/api/v1/videos/{id}", TestData.newVideoId())
                .then().statusCode(400).body("detail", containsString("colour"));
        given().contentType(ContentType.JSON).body("{\"filename\":\"a\",\"duration\":\"long\"}")
                .put("/api/v1/videos/{id}", TestData.newVideoId())
                .then().statusCode(400).body("errors.field", hasItem("duration"));
        given().contentType(ContentType.TEXT).body("filename=a")
                .put("/api/v1/videos/{id}", TestData.newVideoId())
                .then().statusCode(415).contentType("application/problem+json")
                .body("type", equalTo("urn:bri:problem:unsupported-media-type"));
        given().contentType(ContentType.JSON).put("/api/v1/videos/{id}", TestData.newVideoId())
                .then().statusCode(400).contentType("application/problem+json");
        given().delete("/api/v1/videos").then().statusCode(405).contentType("application/problem+json");
        given().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void oversizedBodyIs413Problem() {
        String big = "x".repeat(10 * 1024 * 1024 + 10);
        given().contentType(ContentType.JSON).body("{\"filename\":\"" + big + "\",\"duration\":1}")
                .put("/api/v1/videos/{id}", TestData.newVideoId())
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("urn:bri:problem:payload-too-large"));
    }

    @Test
    void requestIdIsEchoedOrGenerated() {
        given().header("X-Request-ID", "req-123").get("/api/v1/videos")
                .then().statusCode(200).header("X-Request-ID", "req-123");
        given().get("/api/v1/videos").then().header("X-Request-ID", notNullValue());
        // A malformed id is replaced by a generated UUID (matching on the text would be flaky: UUIDs can spell "bad").
        given().header("X-Request-ID", "bad id\twith tab").get("/api/v1/videos")
                .then().header("X-Request-ID", matchesPattern(RANDOM_UUID));
        given().header("X-User-ID", "bad user!").get("/api/v1/videos")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void listPagesWithCursorAndFiltersByStatus() {
        List<String> mine = new ArrayList<>();
        String prefix = "list-" + System.nanoTime() + "-";
        for (int i = 0; i < 5; i++) {
            String id = prefix + i;
            mine.add(id);
            given().contentType(ContentType.JSON).body("{\"filename\":\"f\",\"duration\":5}")
                    .put("/api/v1/videos/{id}", id).then().statusCode(201);
        }
        given().contentType(ContentType.JSON).body("{\"stage\":\"pipeline\",\"status\":\"succeeded\"}")
                .post("/api/v1/videos/{id}/pipeline", mine.get(2)).then().statusCode(200);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/v1/videos").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("videos.id"));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        org.assertj.core.api.Assertions.assertThat(seen).containsAll(mine).doesNotHaveDuplicates().isSorted();

        given().queryParam("status", "complete").queryParam("limit", 500).get("/api/v1/videos")
                .then().statusCode(200).body("videos.id", hasItem(mine.get(2)))
                .body("videos.status", everyItem(equalTo("complete")));
        given().queryParam("status", "bogus").get("/api/v1/videos").then().statusCode(400);
        given().queryParam("cursor", "!!!").get("/api/v1/videos").then().statusCode(400);
        given().queryParam("limit", 0).get("/api/v1/videos").then().statusCode(400);
    }

    @Test
    void deleteErasesAndIs404Afterwards() {
        String id = TestData.createVideo(30);
        given().delete("/api/v1/videos/{id}", id).then().statusCode(204);
        given().delete("/api/v1/videos/{id}", id).then().statusCode(404).contentType("application/problem+json");
        given().queryParam("limit", 500).get("/api/v1/videos").then().body("videos.id", not(hasItem(id)));
    }
}
