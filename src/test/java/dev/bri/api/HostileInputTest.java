package dev.bri.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile input on every public, admin and /ops endpoint: wrong methods and content types, bodies of every wrong
 * shape, huge, negative and overflowing numbers, out-of-range times, unicode, control characters and traversal
 * attempts in ids. Whatever the request, the answer is never a 5xx, every error is a problem document with the request
 * id, and a refused request changes nothing.
 */
@QuarkusTest
class HostileInputTest {

    /** One hostile request: method, path (already encoded), optional content type and body, headers. */
    record Case(String method, String path, String contentType, String body, Map<String, String> headers) {
        Case(String method, String path) {
            this(method, path, null, null, Map.of());
        }

        Case withBody(String type, String payload) {
            return new Case(method, path, type, payload, headers);
        }

        Case withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Case(method, path, contentType, body, more);
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : " body=" + (body.length() > 80 ? body.substring(0, 80) + "..." : body);
            return method + " " + (path.length() > 120 ? path.substring(0, 120) + "..." : path) + " type="
                    + contentType + shown + " headers=" + headers.keySet();
        }
    }

    static final String ADMIN = "Bearer " + TestData.ADMIN_TOKEN;
    static final ObjectMapper JSON = new ObjectMapper();

    static final String[] HOSTILE_IDS = {"..", "%2E%2E", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "a%00b",
            "a%0Ab", "%E2%80%AEvid", "vid%C3%A9", "x".repeat(200), "-leading", "%20", "a;b", "a;v=1", "%3B", "a%5Cb",
            "*"};

    static final String[] HOSTILE_NUMBERS = {"-1", "0", "NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e308",
            "9223372036854775808", "-9223372036854775809", "2147483648", "0x10", "abc", "", "%00", "1.5", "%E2%91%A0"};

    static final String[] HOSTILE_TIMES = {"+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z",
            "+999999999-12-31T23:59:59Z", "9999999999999999999", "99999999999999999999", "2026-13-45T99:99:99Z",
            "yesterday", "-1", "%00"};

    static final String[] HOSTILE_BODIES = {"", "not json", "[]", "null", "0", "\"text\"", "{", "{\"a\":}",
            "[".repeat(5000), "{\"items\":" + "[".repeat(5000) + "}", "{\"items\":[{\"start\":1e400}]}",
            "{\"items\":[{\"id\":\"../x\",\"type\":\"caption\",\"start\":-1}]}",
            "{\"items\":[{\"id\":\"a\",\"type\":\"caption\",\"start\":\"1\",\"data\":{\"text\":\"x\"}}]}",
            "{\"items\":[{\"id\":\"a\",\"type\":\"caption\",\"start\":1,\"data\":{\"text\":\"\\u0000\\u0001\"},"
                    + "\"source\":{\"tool\":\"t\"}}]}",
            "{\"enabled\":2}", "{\"enabled\":\"yes\"}", "{\"filename\":5,\"duration\":1}",
            "{\"filename\":\"a\",\"duration\":1e400}", "{\"filename\":\"a\",\"duration\":-5}",
            "{\"role\":7,\"content\":[]}", "{\"backup_id\":\"../../etc/passwd\"}", "{\"backup_id\":123}",
            "{\"stage\":\"captioning\",\"status\":\"done\",\"duration_ms\":9223372036854775808}",
            "{\"unknown\":true}", "{\"a\":\"\uD83D\uDE00\u202E\"}"};

    static final String[] CONTENT_TYPES = {"text/plain", "application/xml", "application/x-www-form-urlencoded",
            "application/json; charset=latin1", "a/b/c", "multipart/form-data; boundary=x", ""};

    static List<Case> cases(String video) {
        List<Case> cases = new ArrayList<>();
        String v = "/api/v1/videos/" + video;
        List<String> writes = List.of(v + "/context", v + "/memory", v + "/pipeline", "/admin/maintenance",
                "/admin/backups", "/admin/restore");
        List<String> reads = List.of("/api/v1/videos", v, v + "/context", v + "/context/at?t=1", v + "/search?q=dog",
                v + "/objects?class=dog", v + "/memory", v + "/pipeline", "/admin/maintenance", "/admin/backups",
                "/admin/health", "/ops/api/logs", "/ops/api/logs/download", "/ops/api/analytics", "/ops/api/errors",
                "/ops/api/performance");
        // methods a path does not serve
        List<String> served = List.of("POST " + v + "/context", "POST " + v + "/memory", "POST " + v + "/pipeline",
                "POST /admin/maintenance", "POST /admin/backups", "PUT " + v, "DELETE " + v, "DELETE " + v + "/memory");
        for (String path : reads) {
            for (String method : new String[]{"PATCH", "PUT", "DELETE", "POST"}) {
                if (!served.contains(method + " " + path)) {
                    cases.add(new Case(method, path).withBody("application/json", "{}"));
                }
            }
        }
        // bodies of every wrong shape, typed and untyped ({} and null are valid options for a backup)
        for (String path : writes) {
            for (String body : path.equals("/admin/backups") ? new String[0] : HOSTILE_BODIES) {
                cases.add(new Case("POST", path).withBody("application/json", body));
            }
            for (String type : CONTENT_TYPES) {
                cases.add(new Case("POST", path).withBody(type, "{\"items\":[]}"));
            }
            cases.add(new Case("POST", path).withBody(null, "{\"enabled\":true}"));
        }
        for (String body : HOSTILE_BODIES) {
            cases.add(new Case("PUT", v).withBody("application/json", body));
        }
        // ids with traversal, control characters, unicode and excess length
        for (String id : HOSTILE_IDS) {
            String other = "/api/v1/videos/" + id;
            for (String path : List.of(other, other + "/context", other + "/context/at?t=1", other + "/search?q=a",
                    other + "/objects?class=a", other + "/memory", other + "/pipeline")) {
                cases.add(new Case("GET", path));
            }
            cases.add(new Case("PUT", other).withBody("application/json", "{\"filename\":\"a.mp4\",\"duration\":1}"));
            cases.add(new Case("POST", other + "/context").withBody("application/json", "{\"items\":[]}"));
            cases.add(new Case("DELETE", other));
            cases.add(new Case("GET", "/admin/backups/" + id));
            cases.add(new Case("POST", "/admin/backups/" + id + "/verify"));
            cases.add(new Case("DELETE", "/admin/backups/" + id));
        }
        // numbers and times out of every range
        for (String n : HOSTILE_NUMBERS) {
            for (String path : List.of("/api/v1/videos?limit=", v + "/context/at?t=", v + "/context/at?t=1&window=",
                    v + "/context?from=", v + "/context?to=", v + "/context?from=5&to=", v + "/search?q=dog&limit=",
                    v + "/objects?class=dog&limit=", v + "/memory?limit=", "/admin/health?events=",
                    "/ops/api/logs?limit=", "/ops/api/logs?after=", "/ops/api/analytics?bucket_seconds=",
                    "/admin/backups/x?force=")) {
                cases.add(new Case("GET", path + n));
            }
        }
        for (String time : HOSTILE_TIMES) {
            for (String path : List.of("/ops/api/logs", "/ops/api/analytics", "/ops/api/logs/download")) {
                cases.add(new Case("GET", path + "?since=" + time));
                cases.add(new Case("GET", path + "?until=" + time));
            }
        }
        // query text: long, many terms, operators, control characters, unicode
        for (String q : new String[]{"a".repeat(501), "a+".repeat(400), "%22", "*", "NEAR(a+b)", "a%00b", "%0A",
                "%E2%80%AE", "%F0%9F%98%80", "AND+OR+NOT", "a:b", "%25", "%", "a%ZZ"}) {
            cases.add(new Case("GET", v + "/search?q=" + q));
            cases.add(new Case("GET", "/ops/api/logs?q=" + q));
            cases.add(new Case("GET", v + "/objects?class=" + q));
        }
        // headers
        for (String path : List.of(v, v + "/context", "/admin/backups", "/ops/api/logs")) {
            cases.add(new Case("GET", path).withHeader("Accept", "text/html"));
            cases.add(new Case("GET", path).withHeader("Accept", "garbage///"));
            cases.add(new Case("GET", path).withHeader("X-User-ID", "a b"));
            cases.add(new Case("GET", path).withHeader("X-Request-ID", "\u00e9\u00e9"));
            cases.add(new Case("GET", path).withHeader("Authorization", "Bearer " + "x".repeat(4000)));
            cases.add(new Case("GET", path).withHeader("Authorization", "Basic Og=="));
        }
        return cases;
    }

    /** Sent byte for byte as written (no client re-encodes the path or adds a charset), one connection each. */
    static RawHttp.Reply send(Case c) throws Exception {
        StringBuilder head = new StringBuilder(c.method() + " " + c.path() + " HTTP/1.1\r\nHost: localhost\r\n");
        if (c.path().startsWith("/admin") || c.path().startsWith("/ops")) {
            head.append("Authorization: ").append(ADMIN).append("\r\n");
        }
        c.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        byte[] body = c.body() == null ? null : c.body().getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            if (c.contentType() != null) {
                head.append("Content-Type: ").append(c.contentType()).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return RawHttp.send(RestAssured.port, head.toString(), body == null ? null : out -> out.write(body));
    }

    /** Everything a refused request could have changed. */
    static String state(String video) {
        return String.join("\n",
                given().get("/api/v1/videos/{id}", video).asString(),
                given().get("/api/v1/videos/{id}/context?include=memory", video).asString(),
                given().get("/api/v1/videos/{id}/pipeline", video).asString(),
                given().header("Authorization", ADMIN).get("/admin/maintenance").asString(),
                given().header("Authorization", ADMIN).get("/admin/backups").jsonPath().getString("backups.id"));
    }

    @Test
    void neverA5xxAlwaysAProblemWithRequestIdAndNothingChanges() throws Exception {
        String video = TestData.createVideo(60);
        TestData.ingest(video, TestData.caption("c1", 1, "a dog in the park"));
        String before = state(video);
        List<String> failures = new ArrayList<>();
        List<Case> cases = cases(video);
        for (Case c : cases) {
            RawHttp.Reply response = send(c);
            int status = response.status();
            if (status >= 500) {
                failures.add(status + " for " + c + ": " + response.body());
            } else if (status >= 400) {
                String type = response.header("content-type");
                if (type == null || !type.startsWith("application/problem+json")) {
                    failures.add(status + " without problem+json for " + c + ": " + type);
                } else {
                    String requestId = JSON.readTree(response.body()).path("request_id").asText(null);
                    if (requestId == null || !requestId.equals(response.header("x-request-id"))) {
                        failures.add(status + " without request_id for " + c);
                    }
                }
            } else if (!c.method().equals("GET") && !c.method().equals("OPTIONS")) {
                failures.add(status + " accepted: " + c);
            }
        }
        assertThat(failures).as(cases.size() + " hostile requests").isEmpty();
        assertThat(state(video)).isEqualTo(before);
    }
}
