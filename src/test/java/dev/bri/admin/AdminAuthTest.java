package dev.bri.admin;

import static dev.bri.TestData.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import dev.bri.observability.AuditEvent;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Admin endpoints need the bearer token; refusals are problem+json and audited. (No token configured: see IT.) */
@QuarkusTest
class AdminAuthTest {

    @Inject
    AuditRecorder audit;

    @Test
    void missingTokenIs401ProblemAndAudited() {
        given().get("/admin/health").then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("urn:bri:problem:unauthorized")).body("status", equalTo(401));
        assertThat(audit.events()).anySatisfy(e -> assertDenied(e, "missing-token"));
    }

    @Test
    void wrongTokenIs401ProblemAndAudited() {
        given().auth().oauth2(ADMIN_TOKEN + "x").get("/admin/health").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", "Basic " + ADMIN_TOKEN).get("/admin/health").then().statusCode(401);
        assertThat(audit.events()).anySatisfy(e -> assertDenied(e, "wrong-token"));
    }

    @Test
    void theRightTokenGetsTheHealthReport() {
        given().auth().oauth2(ADMIN_TOKEN).get("/admin/health").then().statusCode(200)
                .body("status", notNullValue())
                .body("components.component", hasItems("cache-l1", "cache-l2", "database", "disk"))
                .body("breakers.database", notNullValue()).body("breakers.redis", notNullValue())
                .body("cache_hit_rates.l1", notNullValue());
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString("bri_health_state"));
    }

    private static void assertDenied(AuditEvent e, String reason) {
        assertThat(e.action()).isEqualTo("GET /admin/health");
        assertThat(e.outcome()).isEqualTo("denied");
        assertThat(e.detail()).isEqualTo(reason);
    }
}
