package dev.bri.observability;

import static dev.bri.TestData.batch;
import static dev.bri.TestData.caption;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Records name a request by the route it matched, whatever the values of its path parameters. */
@QuarkusTest
class RouteTemplateTest {

    @Test
    void aVideoIdThatOccursElsewhereInThePathDoesNotGarbleTheRoute() {
        // "v" occurs in "/api/v1/videos/v/context" three times; a string replace of the value garbles the route
        given().contentType(ContentType.JSON).body("{\"filename\":\"v.mp4\",\"duration\":60}")
                .put("/api/v1/videos/{id}", "v").then().statusCode(org.hamcrest.Matchers.anyOf(
                        org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)));
        String requestId = "route-" + UUID.randomUUID();
        given().header("X-Request-ID", requestId).contentType(ContentType.JSON).body(batch(caption("c", 1, "x")))
                .post("/api/v1/videos/{id}/context", "v").then().statusCode(200);

        List<JsonNode> audit = LogCapture.withRequestId("bri_audit.log", requestId);
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).path("mdc").path("audit_action").asText())
                .isEqualTo("POST /api/v1/videos/{videoId}/context");
        assertThat(audit.get(0).path("mdc").path("audit_target").asText()).isEqualTo("v");
    }

    @Test
    void anUnmatchedPathIsOneRouteNotItsPath() {
        String requestId = "route-" + UUID.randomUUID();
        given().header("X-Request-ID", requestId).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/no-such-route/{x}", UUID.randomUUID()).then().statusCode(404);
        List<JsonNode> audit = LogCapture.withRequestId("bri_audit.log", requestId);
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).path("mdc").path("audit_action").asText()).isEqualTo("POST " + RouteTemplate.UNMATCHED);
    }

    @Test
    void classAndMethodPathsJoinWithSingleSlashes() {
        assertThat(RouteTemplate.join("/api/v1/videos/{videoId}", "/context"))
                .isEqualTo("/api/v1/videos/{videoId}/context");
        assertThat(RouteTemplate.join("/ops", "")).isEqualTo("/ops");
        assertThat(RouteTemplate.join("/admin/", "/backups/")).isEqualTo("/admin/backups");
        assertThat(RouteTemplate.join("", "")).isEqualTo("/");
    }
}
