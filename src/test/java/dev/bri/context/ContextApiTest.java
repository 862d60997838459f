package dev.bri.context;

import static dev.bri.TestData.batch;
import static dev.bri.TestData.caption;
import static dev.bri.TestData.frame;
import static dev.bri.TestData.objects;
import static dev.bri.TestData.transcript;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
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
import org.junit.jupiter.api.Test;

@QuarkusTest
class ContextApiTest {

    @Test
    void ingestThenReadTheDocumentInTimeOrder() {
        String id = TestData.createVideo(120);
        given().contentType(ContentType.JSON)
                .body(batch(caption("c2", 2, "a person walking a dog"), caption("c1", 1, "an empty street"),
                        transcript("t1", 0, 3.5, "Hello everyone"), frame("f1", 2), objects("o1", 2, "person", "dog"),
                        "{\"id\":\"m\",\"type\":\"metadata\",\"start\":0,\"data\":{\"duration\":120,\"fps\":30.0},"
                                + "\"source\":{\"tool\":\"ffprobe\"}}"))
                .post("/api/v1/videos/{id}/context", id)
                .then().statusCode(200).body("inserted", equalTo(6)).body("replaced", equalTo(0))
                .body("ids", contains("c2", "c1", "t1", "f1", "o1", "m"));
        given().get("/api/v1/videos/{id}/context", id).then().statusCode(200)
                .body("video.id", equalTo(id))
                .body("metadata.fps", equalTo(30.0f))
                .body("captions.id", contains("c1", "c2"))
                .body("captions[1].data.text", equalTo("a person walking a dog"))
                .body("captions[1].source.tool", equalTo("blip"))
                .body("captions[1].source.parameters.beam", equalTo(3))
                .body("transcript[0].end", equalTo(3.5f))
                .body("frames[0].data.image_path", equalTo("frames/f1.jpg"))
                .body("objects[0].data.objects.class_name", contains("person", "dog"))
                .body("memory", nullValue())
                .body("window", nullValue());
    }

    @Test
    void reIngestReplacesByIdAndKeepsDistinctItemsAtTheSameTime() {
        String id = TestData.createVideo(60);
        TestData.ingest(id, caption("a", 5, "first text"), caption("b", 5, "same time other item"));
        given().contentType(ContentType.JSON).body(batch(caption("a", 5, "corrected text"), caption("c", 5, "third")))
                .post("/api/v1/videos/{id}/context", id)
                .then().statusCode(200).body("inserted", equalTo(1)).body("replaced", equalTo(1));
        given().get("/api/v1/videos/{id}/context", id).then()
                .body("captions", hasSize(3))
                .body("captions.data.text", hasItems("corrected text", "same time other item", "third"));
        // the full-text index follows the replacement
        given().queryParam("q", "first").get("/api/v1/videos/{id}/search", id).then().body("hits", empty());
        given().queryParam("q", "corrected").get("/api/v1/videos/{id}/search", id).then()
                .body("hits.id", contains("a"));
    }

    @Test
    void itemsWithoutIdGetGeneratedIds() {
        String id = TestData.createVideo(60);
        String item = "{\"type\":\"frame\",\"start\":1,\"data\":{\"timestamp\":1},\"source\":{\"tool\":\"cv\"}}";
        given().contentType(ContentType.JSON).body(batch(item, item)).post("/api/v1/videos/{id}/context", id)
                .then().statusCode(200).body("inserted", equalTo(2)).body("ids", hasSize(2));
        given().get("/api/v1/videos/{id}/context", id).then().body("frames", hasSize(2));
    }

    @Test
    void aBadItemRejectsTheWholeBatch() {
        String id = TestData.createVideo(60);
        given().contentType(ContentType.JSON)
                .body(batch(caption("ok1", 1, "fine"),
                        "{\"id\":\"bad\",\"type\":\"caption\",\"start\":-1,\"end\":-2,\"data\":{\"text\":\"\"},"
                                + "\"source\":{\"tool\":\"x\"}}",
                        "{\"id\":\"bad2\",\"type\":\"sound\",\"start\":1,\"data\":[],\"source\":{}}",
                        caption("ok1", 2, "duplicate id in batch")))
                .post("/api/v1/videos/{id}/context", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("items[1].start", "items[1].end", "items[1].data.text",
                        "items[2].type", "items[2].data", "items[2].source.tool", "items[3].id"));
        given().get("/api/v1/videos/{id}", id).then().body("counts.caption", equalTo(0));
    }

    @Test
    void batchLimitsAndShapes() {
        String id = TestData.createVideo(60);
        given().contentType(ContentType.JSON).body("{\"items\":[]}").post("/api/v1/videos/{id}/context", id)
                .then().statusCode(400).body("errors.field", hasItem("items"));
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/videos/{id}/context", id)
                .then().statusCode(400);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2001; i++) {
            many.append(i == 0 ? "" : ",").append(frame("f" + i, i));
        }
        given().contentType(ContentType.JSON).body("{\"items\":[" + many + "]}")
                .post("/api/v1/videos/{id}/context", id)
                .then().statusCode(400).body("detail", containsString("1 invalid"))
                .body("errors[0].message", containsString("2000"));
        String huge = "y".repeat(70_000);
        given().contentType(ContentType.JSON)
                .body(batch("{\"type\":\"frame\",\"start\":1,\"data\":{\"blob\":\"" + huge + "\"},"
                        + "\"source\":{\"tool\":\"cv\"}}"))
                .post("/api/v1/videos/{id}/context", id)
                .then().statusCode(400).body("errors.field", hasItem("items[0].data"));
        given().contentType(ContentType.JSON)
                .body(batch("{\"type\":\"transcript\",\"start\":1,\"end\":5000,\"data\":{\"text\":\"long\"},"
                        + "\"source\":{\"tool\":\"w\"}}"))
                .post("/api/v1/videos/{id}/context", id)
                .then().statusCode(400).body("errors.field", hasItem("items[0].end"));
        given().contentType(ContentType.JSON).body(batch(caption("x", 1, "no video")))
                .post("/api/v1/videos/{id}/context", TestData.newVideoId())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void windowQueryReturnsOverlappingItems() {
        String id = TestData.createVideo(600);
        TestData.ingest(id, caption("c10", 10, "ten"), caption("c70", 70, "seventy"), caption("c130", 130, "late"),
                transcript("t55", 55, 65, "spans the window start"), transcript("t200", 200, 210, "outside"));
        given().queryParam("from", 60).queryParam("to", 120).get("/api/v1/videos/{id}/context", id).then()
                .statusCode(200)
                .body("captions.id", contains("c70"))
                .body("transcript.id", contains("t55"))
                .body("window.from", equalTo(60.0f)).body("window.to", equalTo(120.0f));
        given().queryParam("types", "caption").get("/api/v1/videos/{id}/context", id).then()
                .body("captions", hasSize(3)).body("transcript", empty());
        given().queryParam("types", "sound").get("/api/v1/videos/{id}/context", id).then().statusCode(400);
        given().queryParam("from", 20).queryParam("to", 10).get("/api/v1/videos/{id}/context", id)
                .then().statusCode(400);
        given().queryParam("from", -1).get("/api/v1/videos/{id}/context", id).then().statusCode(400);
        given().queryParam("from", "abc").get("/api/v1/videos/{id}/context", id).then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aLongItemAddedLaterStillOverlapsLaterWindows() {
        String id = TestData.createVideo(3600);
        TestData.ingest(id, transcript("short", 398, 399, "short segment"));
        given().queryParam("from", 400).queryParam("to", 460).get("/api/v1/videos/{id}/context", id).then()
                .body("transcript", empty());
        // the longest span per video and type grows with this item, so the window scan reaches back to its start
        TestData.ingest(id, transcript("long", 0, 500, "a very long monologue"));
        given().queryParam("from", 400).queryParam("to", 460).get("/api/v1/videos/{id}/context", id).then()
                .body("transcript.id", contains("long"));
        given().queryParam("t", 499).get("/api/v1/videos/{id}/context/at", id).then()
                .body("transcript.id", contains("long"));
    }

    @Test
    void contextAtFollowsBriWindowSemantics() {
        String id = TestData.createVideo(600);
        TestData.ingest(id, frame("f94", 94), frame("f100", 100), frame("f106", 106),
                caption("c101", 101, "a dog runs"), objects("o99", 99, "dog"),
                transcript("before", 90, 99.5, "earlier words"), transcript("covering", 99.5, 103, "now words"));
        given().queryParam("t", 100).get("/api/v1/videos/{id}/context/at", id).then().statusCode(200)
                .body("t", equalTo(100.0f)).body("window", equalTo(5.0f))
                .body("frames.id", contains("f100"))
                .body("captions.id", contains("c101"))
                .body("objects.id", contains("o99"))
                .body("transcript.id", contains("covering"));
        given().queryParam("t", 100).queryParam("window", 7).get("/api/v1/videos/{id}/context/at", id).then()
                .body("frames.id", contains("f94", "f100", "f106"));
        given().get("/api/v1/videos/{id}/context/at", id).then().statusCode(400)
                .body("errors.field", hasItem("t"));
        given().queryParam("t", 1).get("/api/v1/videos/{id}/context/at", TestData.newVideoId())
                .then().statusCode(404);
    }

    @Test
    void searchRanksAndHighlights() {
        String id = TestData.createVideo(600);
        String other = TestData.createVideo(600);
        TestData.ingest(id, caption("c1", 1, "dog meets dog"), caption("c2", 2, "a cat sleeps"),
                transcript("t1", 3, 4, "look at that small dog over there in the park"), frame("f1", 1));
        TestData.ingest(other, caption("x1", 1, "another dog elsewhere"));
        given().queryParam("q", "dog").get("/api/v1/videos/{id}/search", id).then().statusCode(200)
                .body("query", equalTo("dog"))
                .body("hits", hasSize(2))
                .body("hits[0].id", equalTo("c1"))
                .body("hits[0].type", equalTo("caption"))
                .body("hits[0].snippet", containsString("<mark>dog</mark>"))
                .body("hits[0].score", notNullValue());
        given().queryParam("q", "dog").queryParam("types", "transcript").get("/api/v1/videos/{id}/search", id)
                .then().body("hits.id", contains("t1"));
        given().queryParam("q", "dogs").get("/api/v1/videos/{id}/search", id).then().body("hits", hasSize(2));
        // FTS syntax in user input is taken literally, never as an operator or an error
        given().queryParam("q", "dog\" OR vid:* NEAR(").get("/api/v1/videos/{id}/search", id).then()
                .statusCode(200);
        given().queryParam("q", "  ").get("/api/v1/videos/{id}/search", id).then().statusCode(400);
        given().queryParam("q", "dog").queryParam("types", "frame").get("/api/v1/videos/{id}/search", id)
                .then().statusCode(400);
        given().queryParam("q", "dog").queryParam("limit", 101).get("/api/v1/videos/{id}/search", id)
                .then().statusCode(400);
        given().queryParam("q", "dog").queryParam("limit", "ten").get("/api/v1/videos/{id}/search", id)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void searchMarksStemsInAsciiAndTextInAnyScript() {
        String id = TestData.createVideo(600);
        TestData.ingest(id, caption("c1", 1, "Running dogs ran past the RUNNER"),
                caption("c2", 2, "Ein Hund läuft über die Straße, der Hund bellt"),
                transcript("t1", 3, 4, "über alles: a dog"));
        // ASCII text and terms: marked in Java with FTS5's stemmer ("running" and "runs" stem to "run")
        given().queryParam("q", "runs DOG").get("/api/v1/videos/{id}/search", id).then().statusCode(200)
                .body("hits.id", contains("c1"))
                .body("hits[0].snippet", equalTo("<mark>Running</mark> <mark>dogs</mark> ran past the RUNNER"));
        // text that is not ASCII: marked by SQLite's highlight()
        given().queryParam("q", "hund").get("/api/v1/videos/{id}/search", id).then().statusCode(200)
                .body("hits[0].snippet",
                        equalTo("Ein <mark>Hund</mark> läuft über die Straße, der <mark>Hund</mark> bellt"));
        // a term that is not ASCII: every match marked by highlight(), ASCII text included
        given().queryParam("q", "über").get("/api/v1/videos/{id}/search", id).then().statusCode(200)
                .body("hits.id", containsInAnyOrder("c2", "t1"))
                .body("hits.find { it.id == 't1' }.snippet", equalTo("<mark>über</mark> alles: a dog"));
    }

    @Test
    void controlCharactersInTextCannotForgeHighlights() {
        String id = TestData.createVideo(60);
        // JSON escapes in the request body: the text holds U+0001 and U+0002, the marks search puts around matches
        TestData.ingest(id, caption("c1", 1, "\\u0001cat\\u0002 and dog"));
        given().queryParam("q", "dog").get("/api/v1/videos/{id}/search", id).then().statusCode(200)
                .body("hits[0].snippet", equalTo(" cat  and <mark>dog</mark>"));
        // the stored document keeps the text as it was sent
        given().get("/api/v1/videos/{id}/context", id).then().body("captions[0].data.text",
                equalTo("\u0001cat\u0002 and dog"));
    }

    @Test
    void objectsByClass() {
        String id = TestData.createVideo(600);
        TestData.ingest(id, objects("o1", 1, "person", "dog"), objects("o2", 2, "car"), objects("o3", 3, "Dog"));
        given().queryParam("class", "dog").get("/api/v1/videos/{id}/objects", id).then().statusCode(200)
                .body("class", equalTo("dog")).body("count", equalTo(2))
                .body("sightings.item_id", contains("o1", "o3"))
                .body("sightings.start", contains(1.0f, 3.0f));
        // replacing an item re-indexes its detections
        TestData.ingest(id, objects("o1", 1, "person"));
        given().queryParam("class", "dog").get("/api/v1/videos/{id}/objects", id).then()
                .body("sightings.item_id", contains("o3"));
        given().get("/api/v1/videos/{id}/objects", id).then().statusCode(400);
    }

    @Test
    void contextWithMemory() {
        String id = TestData.createVideo(60);
        for (int i = 0; i < 12; i++) {
            given().contentType(ContentType.JSON)
                    .body("{\"role\":\"" + (i % 2 == 0 ? "user" : "assistant") + "\",\"content\":\"turn " + i + "\"}")
                    .post("/api/v1/videos/{id}/memory", id).then().statusCode(201);
        }
        given().queryParam("include", "memory").get("/api/v1/videos/{id}/context", id).then()
                .body("memory", hasSize(10)).body("memory[0].content", equalTo("turn 2"))
                .body("memory[9].content", equalTo("turn 11"));
        given().queryParam("include", "everything").get("/api/v1/videos/{id}/context", id).then()
                .statusCode(400);
    }

    @Test
    void theTranscriptsFullTextAndLanguageComeBesideTheSegments() {
        String id = TestData.createVideo(60);
        given().get("/api/v1/videos/{id}/context?types=transcript", id).then().statusCode(200)
                .body("full_text", nullValue()).body("language", nullValue());
        given().contentType(ContentType.JSON)
                .body("{\"items\":[" + transcript("t1", 0, 3.5, "Hello everyone") + ","
                        + transcript("t2", 3.5, 6, "welcome back") + "],"
                        + "\"transcript\":{\"full_text\":\"Hello everyone welcome back\",\"language\":\"en\"}}")
                .post("/api/v1/videos/{id}/context", id).then().statusCode(200).body("inserted", equalTo(2));
        given().get("/api/v1/videos/{id}/context?types=transcript", id).then().statusCode(200)
                .body("transcript.id", contains("t1", "t2"))
                .body("full_text", equalTo("Hello everyone welcome back")).body("language", equalTo("en"));
        // only with the transcript: a frames-only read does not carry it
        given().get("/api/v1/videos/{id}/context?types=frame", id).then().statusCode(200)
                .body("full_text", nullValue()).body("language", nullValue());
        // sent again alone, it replaces the stored one (and the cached document)
        given().contentType(ContentType.JSON)
                .body("{\"transcript\":{\"full_text\":\"Olá a todos\",\"language\":\"pt-BR\"}}")
                .post("/api/v1/videos/{id}/context", id).then().statusCode(200).body("inserted", equalTo(0));
        given().get("/api/v1/videos/{id}/context?types=transcript", id).then()
                .body("full_text", equalTo("Olá a todos")).body("language", equalTo("pt-BR"))
                .body("transcript", hasSize(2));
    }

    @Test
    void aBadTranscriptDocumentRejectsTheWholeBatch() {
        String id = TestData.createVideo(60);
        given().contentType(ContentType.JSON)
                .body("{\"items\":[" + transcript("t1", 0, 3.5, "Hello") + "],"
                        + "\"transcript\":{\"full_text\":\" \",\"language\":\"english please\"}}")
                .post("/api/v1/videos/{id}/context", id).then().statusCode(400)
                .contentType("application/problem+json").body("request_id", notNullValue())
                .body("errors.field", hasItems("transcript.full_text", "transcript.language"));
        given().contentType(ContentType.JSON).body("{\"transcript\":{}}")
                .post("/api/v1/videos/{id}/context", id).then().statusCode(400)
                .body("errors.field", hasItem("transcript"));
        given().contentType(ContentType.JSON).body("{\"transcript\":{\"full_text\":\"x\",\"speakers\":3}}")
                .post("/api/v1/videos/{id}/context", id).then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/api/v1/videos/{id}/context?types=transcript", id).then()
                .body("transcript", empty()).body("full_text", nullValue());
    }
}
