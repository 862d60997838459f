package dev.bri.context;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cost of one read is bounded (bri.context.max-window-seconds, max-search-terms, max-search-query-chars,
 * max-search-limit): over a limit is a 400 naming the parameter, at the limit and in BRI's own use it is served, and
 * /q/openapi states the limits this instance enforces.
 */
@QuarkusTest
class QueryCostLimitsTest {

    static String words(int n) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < n; i++) {
            q.append(i == 0 ? "" : " ").append("w").append(i);
        }
        return q.toString();
    }

    @Test
    void searchTermsQueryLengthAndLimitAreBounded() {
        String video = TestData.createVideo(60);
        given().queryParam("q", words(17)).get("/api/v1/videos/{id}/search", video).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("q"))
                .body("errors[0].message", containsString("at most 16 terms"));
        given().queryParam("q", words(16)).get("/api/v1/videos/{id}/search", video).then().statusCode(200);
        given().queryParam("q", "a".repeat(501)).get("/api/v1/videos/{id}/search", video).then().statusCode(400)
                .body("errors[0].field", equalTo("q"));
        given().queryParam("q", "dog").queryParam("limit", 101).get("/api/v1/videos/{id}/search", video).then()
                .statusCode(400).body("errors[0].field", equalTo("limit"));
        given().queryParam("q", "dog").queryParam("limit", 100).get("/api/v1/videos/{id}/search", video).then()
                .statusCode(200);
    }

    @Test
    void windowsAreBounded() {
        String video = TestData.createVideo(10_000);
        given().get("/api/v1/videos/{id}/context?from=0&to=7200.5", video).then().statusCode(400)
                .body("errors[0].field", equalTo("to"));
        given().get("/api/v1/videos/{id}/context?from=0&to=7200", video).then().statusCode(200);
        given().get("/api/v1/videos/{id}/context/at?t=1&window=3600.5", video).then().statusCode(400)
                .body("errors[0].field", equalTo("window"));
        given().get("/api/v1/videos/{id}/context/at?t=1&window=3600", video).then().statusCode(200);
    }

    @Test
    void briOwnRequestsAndTheBenchmarksAreUnaffected() {
        String video = TestData.createVideo(3600);
        // bench/bri1k/read.lua: 60 s windows, /context/at with the default window, two-word searches with limit 10
        given().get("/api/v1/videos/{id}/context?from=1200&to=1260", video).then().statusCode(200);
        given().get("/api/v1/videos/{id}/context/at?t=1800.5", video).then().statusCode(200);
        given().queryParam("q", "person walking").queryParam("limit", 10).get("/api/v1/videos/{id}/search", video)
                .then().statusCode(200);
        given().get("/api/v1/videos/{id}/context", video).then().statusCode(200);
    }

    @Test
    void theOpenApiDocumentStatesTheConfiguredLimits() {
        JsonPath doc = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath();
        String video = "/api/v1/videos/{videoId}";
        assertThat(parameter(doc, video + "/search", "limit")).containsEntry("minimum", 1).containsEntry("maximum",
                100);
        assertThat(parameter(doc, video + "/search", "q")).containsEntry("maxLength", 500);
        assertThat(parameter(doc, video + "/context/at", "window")).containsEntry("minimum", 0)
                .containsEntry("maximum", 3600.0f);
        assertThat(parameter(doc, video + "/context", "to")).containsEntry("type", "number");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parameter(JsonPath doc, String path, String name) {
        List<Map<String, Object>> params = doc.getList("paths.'" + path + "'.get.parameters");
        return (Map<String, Object>) params.stream().filter(p -> name.equals(p.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no parameter " + name + " on " + path)).get("schema");
    }
}
