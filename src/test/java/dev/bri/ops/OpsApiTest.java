package dev.bri.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** The dashboard's data endpoints: auth, log filters, NDJSON download, analytics, error groups, performance. */
@QuarkusTest
class OpsApiTest {

    static final Logger TEST_LOG = Logger.getLogger("dev.bri.opstest.component");

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TestData.ADMIN_TOKEN);
    }

    @Test
    void theShellIsPublicAndTheDataIsNot() {
        given().redirects().follow(false).get("/ops").then().statusCode(302).header("Location",
                containsString("/ops/"));
        given().get("/ops/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("bri-context ops")).body(containsString("role=\"tablist\""));
        given().get("/ops/assets/ops.js").then().statusCode(200);
        given().get("/ops/assets/ops.css").then().statusCode(200);
        given().get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").then().statusCode(200);
        for (String path : List.of("/ops/api/logs", "/ops/api/logs/download", "/ops/api/analytics", "/ops/api/errors",
                "/ops/api/performance", "/ops/assets/../api/logs")) {
            given().get(path).then().statusCode(401).contentType(containsString("application/problem+json"));
            given().header("Authorization", "Bearer nope").get(path).then().statusCode(401);
        }
    }

    @Test
    void logsFilterByLevelComponentTextAndTime() {
        String marker = "needle-" + UUID.randomUUID();
        Instant before = Instant.now().minusMillis(1);
        TEST_LOG.infof("info %s", marker);
        TEST_LOG.warnf("warn %s", marker);
        TEST_LOG.errorf("error %s", marker);
        Logger.getLogger("dev.bri.other").warnf("elsewhere %s", marker);

        assertThat(messages(Map.of("q", marker))).hasSize(4);
        assertThat(messages(Map.of("q", marker.toUpperCase()))).as("case insensitive").hasSize(4);
        assertThat(messages(Map.of("q", marker, "level", "WARN")))
                .containsExactly("warn " + marker, "error " + marker, "elsewhere " + marker);
        assertThat(messages(Map.of("q", marker, "level", "error"))).containsExactly("error " + marker);
        assertThat(messages(Map.of("q", marker, "component", "dev.bri.opstest"))).hasSize(3);
        assertThat(messages(Map.of("q", marker, "component", "dev.bri.other"))).containsExactly("elsewhere " + marker);
        assertThat(messages(Map.of("q", marker, "since", before.toString()))).hasSize(4);
        assertThat(messages(Map.of("q", marker, "until", before.toString()))).isEmpty();
        assertThat(messages(Map.of("q", marker, "limit", "2"))).as("the newest two")
                .containsExactly("error " + marker, "elsewhere " + marker);

        // live tail: only what came after the last seen sequence number
        long last = admin().get("/ops/api/logs?q=" + marker).jsonPath().getLong("last_seq");
        TEST_LOG.infof("later %s", marker);
        assertThat(messages(Map.of("q", marker, "after", String.valueOf(last)))).containsExactly("later " + marker);
    }

    @Test
    void badFiltersAreProblems() {
        admin().get("/ops/api/logs?level=LOUD").then().statusCode(400)
                .contentType(containsString("application/problem+json"));
        admin().get("/ops/api/logs?since=yesterday").then().statusCode(400);
        admin().get("/ops/api/logs?limit=0").then().statusCode(400);
        admin().get("/ops/api/analytics?bucket_seconds=-5").then().statusCode(400);
    }

    @Test
    void downloadIsNdjsonOfTheFilteredRecords() throws Exception {
        String marker = "dl-" + UUID.randomUUID();
        TEST_LOG.infof("one %s", marker);
        TEST_LOG.warnf("two %s", marker);
        String body = admin().get("/ops/api/logs/download?level=INFO&q=" + marker).then().statusCode(200)
                .contentType(containsString("application/x-ndjson"))
                .header("Content-Disposition", containsString("attachment")).extract().asString();
        List<String> lines = body.lines().toList();
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode record = json.readTree(line);
            assertThat(record.path("logger").asText()).isEqualTo("dev.bri.opstest.component");
            assertThat(record.path("message").asText()).contains(marker);
            assertThat(record.has("seq")).isTrue();
            assertThat(record.has("time")).isTrue();
        }
    }

    @Test
    void analyticsCountsLevelsComponentsAndTime() {
        String marker = "an-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            TEST_LOG.errorf("e%d %s", i, marker);
        }
        TEST_LOG.infof("i %s", marker);
        JsonPath a = admin().get("/ops/api/analytics?q=" + marker).then().statusCode(200).extract().jsonPath();
        assertThat(a.getInt("total")).isEqualTo(4);
        assertThat(a.getInt("levels.ERROR")).isEqualTo(3);
        assertThat(a.getInt("levels.INFO")).isEqualTo(1);
        assertThat(a.getList("components.logger")).containsExactly("dev.bri.opstest.component");
        assertThat(a.getList("timeline")).isNotEmpty();
        int sum = a.getList("timeline.levels", Map.class).stream()
                .mapToInt(m -> ((Map<String, Integer>) m).values().stream().mapToInt(Integer::intValue).sum()).sum();
        assertThat(sum).isEqualTo(4);
    }

    @Test
    void errorsAreGroupedByAStableFingerprint() {
        String marker = "grp-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            // same class and frames, different messages: one group
            TEST_LOG.error("failure " + i + " " + marker, failure("id " + i + " " + marker));
        }
        TEST_LOG.error("other " + marker, new IllegalArgumentException(marker));
        JsonPath errors = admin().get("/ops/api/errors").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> groups = errors.getList("groups.findAll { it.example_stack != null && "
                + "it.example_stack.contains('" + marker + "') }");
        assertThat(groups).hasSize(2);
        Map<String, Object> repeated = groups.stream()
                .filter(g -> g.get("exception_class").equals(IllegalStateException.class.getName())).findFirst()
                .orElseThrow();
        assertThat(repeated.get("count")).isEqualTo(3);
        assertThat((String) repeated.get("first_seen")).isLessThanOrEqualTo((String) repeated.get("last_seen"));
        assertThat((String) repeated.get("example_stack")).contains("id 2 " + marker).contains("OpsApiTest.failure");
        assertThat((String) repeated.get("fingerprint")).matches("[0-9a-f]{12}");
    }

    private static IllegalStateException failure(String message) {
        return new IllegalStateException(message);
    }

    @Test
    void performanceReportsEndpointsAndDatabaseOperations() {
        String videoId = TestData.createVideo(10);
        given().get("/api/v1/videos/{id}", videoId).then().statusCode(200);
        JsonPath p = admin().get("/ops/api/performance").then().statusCode(200).extract().jsonPath();
        Map<String, Object> put = p.getMap("http.find { it.name == 'PUT /api/v1/videos/{videoId}' }");
        assertThat(put).isNotNull();
        assertThat(((Number) put.get("count")).longValue()).isPositive();
        assertThat(((Number) put.get("p50_ms")).doubleValue()).isPositive();
        assertThat(((Number) put.get("p99_ms")).doubleValue())
                .isGreaterThanOrEqualTo(((Number) put.get("p50_ms")).doubleValue());
        assertThat(p.getList("database.name")).isNotEmpty();
        assertThat(p.getList("caches")).isNotNull();
    }

    private static List<String> messages(Map<String, String> query) {
        return admin().queryParams(query).get("/ops/api/logs").then().statusCode(200)
                .body("capacity", equalTo(5000)).extract().jsonPath().getList("records.message");
    }
}
