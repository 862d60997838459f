package dev.bri;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.UUID;

/** Helpers shared by API tests; every test works on its own fresh video ids so tests never interfere. */
public final class TestData {

    public static final String ADMIN_TOKEN = "test-admin-token";

    private TestData() {
    }

    public static String newVideoId() {
        return "vid-" + UUID.randomUUID();
    }

    public static String createVideo(double duration) {
        String id = newVideoId();
        given().contentType(ContentType.JSON)
                .body("{\"filename\":\"" + id + ".mp4\",\"duration\":" + duration + "}")
                .put("/api/v1/videos/{id}", id)
                .then().statusCode(201);
        return id;
    }

    public static String caption(String id, double t, String text) {
        return "{\"id\":\"" + id + "\",\"type\":\"caption\",\"start\":" + t + ",\"data\":{\"frame_timestamp\":" + t
                + ",\"text\":\"" + text + "\",\"confidence\":0.9},\"source\":{\"tool\":\"blip\","
                + "\"tool_version\":\"1.0\",\"model_version\":\"base\",\"parameters\":{\"beam\":3}}}";
    }

    public static String transcript(String id, double start, double end, String text) {
        return "{\"id\":\"" + id + "\",\"type\":\"transcript\",\"start\":" + start + ",\"end\":" + end
                + ",\"data\":{\"start\":" + start + ",\"end\":" + end + ",\"text\":\"" + text
                + "\",\"confidence\":0.95},\"source\":{\"tool\":\"whisper\",\"tool_version\":\"20231117\"}}";
    }

    public static String frame(String id, double t) {
        return "{\"id\":\"" + id + "\",\"type\":\"frame\",\"start\":" + t + ",\"data\":{\"timestamp\":" + t
                + ",\"image_path\":\"frames/" + id + ".jpg\",\"frame_number\":" + (int) (t * 30)
                + "},\"source\":{\"tool\":\"opencv\",\"tool_version\":\"4.9\"}}";
    }

    public static String objects(String id, double t, String... classes) {
        StringBuilder objs = new StringBuilder();
        for (String c : classes) {
            if (objs.length() > 0) {
                objs.append(',');
            }
            objs.append("{\"class_name\":\"").append(c).append("\",\"confidence\":0.9,\"bbox\":[1,2,3,4]}");
        }
        return "{\"id\":\"" + id + "\",\"type\":\"object\",\"start\":" + t + ",\"data\":{\"frame_timestamp\":" + t
                + ",\"objects\":[" + objs + "]},\"source\":{\"tool\":\"yolo\",\"tool_version\":\"8\"}}";
    }

    public static String batch(String... items) {
        return "{\"items\":[" + String.join(",", items) + "]}";
    }

    public static void ingest(String videoId, String... items) {
        given().contentType(ContentType.JSON).body(batch(items))
                .post("/api/v1/videos/{id}/context", videoId)
                .then().statusCode(200);
    }
}
