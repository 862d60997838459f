package dev.bri.memory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MemoryApiTest {

    private static void append(String id, String role, String content) {
        given().contentType(ContentType.JSON).body("{\"role\":\"" + role + "\",\"content\":\"" + content + "\"}")
                .post("/api/v1/videos/{id}/memory", id).then().statusCode(201)
                .body("role", equalTo(role)).body("id", notNullValue()).body("timestamp", notNullValue());
    }

    private static String turns(String... roleContent) {
        StringBuilder body = new StringBuilder("{\"turns\":[");
        for (int i = 0; i < roleContent.length; i += 2) {
            body.append(i == 0 ? "" : ",").append("{\"role\":\"").append(roleContent[i])
                    .append("\",\"content\":\"").append(roleContent[i + 1]).append("\"}");
        }
        return body.append("]}").toString();
    }

    private static JsonPath page(String id, String query) {
        return given().get("/api/v1/videos/{id}/memory" + query, id).then().statusCode(200).extract().jsonPath();
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
    void aQuestionAndItsAnswerAreStoredTogetherInOrder() {
        String id = TestData.createVideo(60);
        List<Integer> ids = given().contentType(ContentType.JSON)
                .body(turns("user", "what is in the video?", "assistant", "a dog on a beach"))
                .post("/api/v1/videos/{id}/memory", id).then().statusCode(201)
                .body("turns.role", contains("user", "assistant"))
                .body("turns.content", contains("what is in the video?", "a dog on a beach"))
                .body("turns.timestamp", hasSize(2))
                .extract().jsonPath().getList("turns.id", Integer.class);
        assertThat(ids.get(1)).isGreaterThan(ids.get(0));
        given().get("/api/v1/videos/{id}/memory", id).then()
                .body("turns.id", contains(ids.get(0), ids.get(1)))
                .body("turns.content", contains("what is in the video?", "a dog on a beach"));
    }

    @Test
    void aBatchWithOneBadTurnStoresNothing() {
        String id = TestData.createVideo(60);
        given().contentType(ContentType.JSON)
                .body("{\"turns\":[{\"role\":\"user\",\"content\":\"fine\"},{\"role\":\"system\",\"content\":\" \"},"
                        + "{\"role\":\"assistant\",\"content\":\"" + "z".repeat(32001) + "\"}]}")
                .post("/api/v1/videos/{id}/memory", id).then().statusCode(400)
                .contentType("application/problem+json").body("request_id", notNullValue())
                .body("errors.field", hasItems("turns[1].role", "turns[1].content", "turns[2].content"))
                .body("errors.field", hasSize(3));
        given().contentType(ContentType.JSON).body("{\"turns\":[]}")
                .post("/api/v1/videos/{id}/memory", id).then().statusCode(400).body("errors.field", hasItem("turns"));
        given().contentType(ContentType.JSON).body("{\"turns\":[null]}")
                .post("/api/v1/videos/{id}/memory", id).then().statusCode(400)
                .body("errors.field", hasItem("turns[0]"));
        given().contentType(ContentType.JSON)
                .body("{\"role\":\"user\",\"content\":\"both\",\"turns\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .post("/api/v1/videos/{id}/memory", id).then().statusCode(400).body("errors.field", hasItem("turns"));
        String tooMany = IntStream.range(0, 101).mapToObj(i -> "{\"role\":\"user\",\"content\":\"t" + i + "\"}")
                .collect(Collectors.joining(",", "{\"turns\":[", "]}"));
        given().contentType(ContentType.JSON).body(tooMany)
                .post("/api/v1/videos/{id}/memory", id).then().statusCode(400).body("errors.field", hasItem("turns"));
        given().contentType(ContentType.JSON).body(turns("user", "a", "assistant", "b"))
                .post("/api/v1/videos/{id}/memory", TestData.newVideoId()).then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/v1/videos/{id}/memory", id).then().body("turns", empty());
    }

    @Test
    void aCursorPagesBackThroughHistoryAndForwardFromTheStart() {
        String id = TestData.createVideo(60);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sent.add("q" + i);
            sent.add("a" + i);
        }
        given().contentType(ContentType.JSON)
                .body(turns(sent.stream().flatMap(c -> java.util.stream.Stream.of(c.startsWith("q")
                        ? "user"
                        : "assistant", c)).toArray(String[]::new)))
                .post("/api/v1/videos/{id}/memory", id).then().statusCode(201);

        // back through history, newest first: 14 turns in pages of 5, 5 and 4
        List<String> back = new ArrayList<>();
        String query = "?limit=5&order=newest";
        Long cursor;
        int pages = 0;
        do {
            JsonPath page = page(id, query);
            back.addAll(page.getList("turns.content", String.class));
            cursor = page.getObject("next_before", Long.class);
            query = "?limit=5&order=newest&before=" + cursor;
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        List<String> reversed = new ArrayList<>(sent);
        java.util.Collections.reverse(reversed);
        assertThat(back).isEqualTo(reversed);

        // the default order within a page stays oldest first
        JsonPath last = page(id, "?limit=4");
        assertThat(last.getList("turns.content", String.class)).containsExactly("q5", "a5", "q6", "a6");
        JsonPath older = page(id, "?limit=4&before=" + last.getLong("next_before"));
        assertThat(older.getList("turns.content", String.class)).containsExactly("q3", "a3", "q4", "a4");

        // forward from the start
        List<String> forward = new ArrayList<>();
        query = "?limit=6&after=0";
        do {
            JsonPath page = page(id, query);
            forward.addAll(page.getList("turns.content", String.class));
            assertThat(page.getString("next_before")).isNull();
            cursor = page.getObject("next_after", Long.class);
            query = "?limit=6&after=" + cursor;
        } while (cursor != null);
        assertThat(forward).isEqualTo(sent);
        given().get("/api/v1/videos/{id}/memory?limit=20", id).then().body("next_before", nullValue());
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
        given().queryParam("before", 0).get("/api/v1/videos/{id}/memory", id).then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("before", "abc").get("/api/v1/videos/{id}/memory", id).then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("order", "sideways").get("/api/v1/videos/{id}/memory", id).then().statusCode(400)
                .body("errors.field", hasItem("order"));
        given().queryParam("before", 5).queryParam("after", 1).get("/api/v1/videos/{id}/memory", id).then()
                .statusCode(400).body("errors.field", hasItem("after"));
        given().get("/api/v1/videos/{id}/memory", id).then().body("turns", hasSize(0));
    }
}
