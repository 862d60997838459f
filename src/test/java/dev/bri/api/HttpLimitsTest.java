package dev.bri.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every limit holds however the request arrives, and every refusal is a problem document with a request id: bodies
 * with and without Content-Length, request lines and headers over their limits, methods a path does not serve and
 * bodies without a type.
 */
@QuarkusTest
class HttpLimitsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long LIMIT = 10 * 1024 * 1024;

    static JsonNode problem(RawHttp.Reply reply, int status, String slug) throws Exception {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("content-type")).startsWith("application/problem+json");
        JsonNode body = JSON.readTree(reply.body());
        assertThat(body.path("type").asText()).isEqualTo("urn:bri:problem:" + slug);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("request_id").asText()).isNotBlank().isEqualTo(reply.header("x-request-id"));
        return body;
    }

    static String post(String path, String... headers) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + String.join("", headers) + "\r\n";
    }

    @Test
    void chunkedBodiesOverTheLimitAreRefusedAndNothingIsWritten() throws Exception {
        for (long size : new long[]{11_000_000L, 17L * 1024 * 1024}) {
            String video = TestData.createVideo(60);
            RawHttp.Reply reply = RawHttp.send(RestAssured.port, post("/api/v1/videos/" + video + "/context",
                    "Content-Type: application/json\r\n", "Transfer-Encoding: chunked\r\n"),
                    RawHttp.chunkedBatch(size));
            problem(reply, 413, "payload-too-large");
            assertThat(reply.header("connection")).isEqualToIgnoringCase("close");
            given().get("/api/v1/videos/{id}/context", video).then().statusCode(200).body("captions.size()",
                    equalTo(0));
        }
    }

    @Test
    void aChunkedBodyUnderTheLimitIsRead() throws Exception {
        String video = TestData.createVideo(60);
        RawHttp.Reply reply = RawHttp.send(RestAssured.port, post("/api/v1/videos/" + video + "/context",
                "Content-Type: application/json\r\n", "Transfer-Encoding: chunked\r\n"), RawHttp.chunkedBatch(1000));
        // read in full and judged on its content (the caption text is within the limits)
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWithAProblemAtAnySize() throws Exception {
        for (long length : new long[]{LIMIT + 1, 20_000_000L, Long.MAX_VALUE}) {
            RawHttp.Reply reply = RawHttp.send(RestAssured.port, post("/api/v1/videos/v/context",
                    "Content-Type: application/json\r\n", "X-Request-ID: big-" + length + "\r\n",
                    "Content-Length: " + length + "\r\n"), null);
            JsonNode body = problem(reply, 413, "payload-too-large");
            assertThat(body.path("request_id").asText()).isEqualTo("big-" + length);
        }
    }

    @Test
    void aRequestLineOverTheLimitIsA414Problem() throws Exception {
        // a search with thousands of terms
        String q = "dog+".repeat(3000);
        RawHttp.Reply reply = RawHttp.send(RestAssured.port,
                "GET /api/v1/videos/v/search?q=" + q + " HTTP/1.1\r\nHost: localhost\r\n\r\n", null);
        problem(reply, 414, "uri-too-long");
    }

    @Test
    void headersOverTheLimitAreA431Problem() throws Exception {
        RawHttp.Reply reply = RawHttp.send(RestAssured.port,
                "GET /api/v1/videos HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(30_000) + "\r\n\r\n",
                null);
        problem(reply, 431, "headers-too-large");
    }

    @Test
    void aMethodThePathDoesNotServeIs405WithAllow() {
        String video = TestData.createVideo(60);
        for (String method : new String[]{"PUT", "PATCH", "DELETE"}) {
            given().contentType(ContentType.JSON).body("{}").request(method, "/api/v1/videos/{id}/context", video)
                    .then().statusCode(405).contentType("application/problem+json")
                    .body("type", equalTo("urn:bri:problem:method-not-allowed"))
                    .header("Allow", equalTo("GET, HEAD, OPTIONS, POST"));
        }
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/videos/{id}", video).then().statusCode(405)
                .header("Allow", equalTo("DELETE, GET, HEAD, OPTIONS, PUT"));
        given().get("/api/v1/videos/{id}/no-such-thing", video).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void quarkusEndpointsOnlyRead() {
        for (String path : new String[]{"/q/health", "/q/health/ready", "/q/metrics", "/q/openapi"}) {
            for (String method : new String[]{"POST", "PUT", "DELETE", "PATCH"}) {
                given().request(method, path).then().statusCode(405).contentType("application/problem+json")
                        .header("Allow", equalTo("GET, HEAD, OPTIONS"));
            }
            if (path.equals("/q/health")) {
                // the whole document includes the wellness check "archive", DOWN (503) while archiving is stopped
                given().get(path).then().statusCode(org.hamcrest.Matchers.oneOf(200, 503))
                        .body("status", org.hamcrest.Matchers.oneOf("UP", "DOWN"));
            } else {
                given().get(path).then().statusCode(org.hamcrest.Matchers.lessThan(500));
            }
        }
    }

    @Test
    void brokenPercentEscapesAndMatrixParametersAre400Problems() throws Exception {
        String video = TestData.newVideoId();
        for (String target : new String[]{"/api/v1/videos?status=%", "/api/v1/videos/a%ZZ", "/ops/api/logs?q=a%G0",
                "/api/v1/videos/" + video + ";b"}) {
            RawHttp.Reply reply = RawHttp.send(RestAssured.port, "PUT " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n", out -> out.write("{}".getBytes()));
            problem(reply, 400, "validation");
        }
        given().get("/api/v1/videos/{id}", video).then().statusCode(404);
    }

    @Test
    void aBodyWithoutContentTypeIs415AndNothingIsWritten() throws Exception {
        String video = TestData.createVideo(60);
        byte[] batch = TestData.batch(TestData.caption("c", 1, "untyped")).getBytes(StandardCharsets.UTF_8);
        RawHttp.Reply reply = RawHttp.send(RestAssured.port, post("/api/v1/videos/" + video + "/context",
                "Content-Length: " + batch.length + "\r\n"), out -> out.write(batch));
        problem(reply, 415, "unsupported-media-type");
        given().get("/api/v1/videos/{id}/context", video).then().statusCode(200).body("captions.size()", equalTo(0));
    }
}
