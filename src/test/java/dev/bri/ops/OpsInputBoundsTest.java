package dev.bri.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The dashboard's parameters are bounded: out-of-range times and bucket sizes are 400s naming the parameter. */
@QuarkusTest
class OpsInputBoundsTest {

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TestData.ADMIN_TOKEN);
    }

    @Test
    void timesEpochMillisecondsCannotHoldAreA400NamingTheParameter() {
        String far = "+1000000000-01-01T00:00:00Z";
        String[][] cases = {{"/ops/api/logs", "since"}, {"/ops/api/logs", "until"}, {"/ops/api/analytics", "since"},
                {"/ops/api/analytics", "until"}, {"/ops/api/logs/download", "since"},
                {"/ops/api/logs/download", "until"}};
        for (String[] c : cases) {
            for (String value : new String[]{far, "-1000000000-01-01T00:00:00Z", "99999999999999999999"}) {
                admin().queryParam(c[1], value).get(c[0]).then().statusCode(400)
                        .contentType("application/problem+json").body("request_id", notNullValue())
                        .body("errors[0].field", equalTo(c[1]));
            }
        }
    }

    @Test
    void bucketSizesAreBoundedAndNeverOverflow() {
        for (String size : new String[]{"2305843009213693952", "9223372036854775807", "86401", "0", "-1",
                "9223372036854775808"}) {
            admin().queryParam("bucket_seconds", size).get("/ops/api/analytics").then().statusCode(400)
                    .contentType("application/problem+json").body("request_id", notNullValue());
        }
        admin().queryParam("bucket_seconds", Analytics.MAX_BUCKET_SECONDS).get("/ops/api/analytics").then()
                .statusCode(200).body("bucket_seconds", equalTo((int) Analytics.MAX_BUCKET_SECONDS));
    }

    @Test
    void longFilterTextIsRejected() {
        String text = "x".repeat(LogFilter.MAX_TEXT_CHARS + 1);
        for (String param : new String[]{"q", "component"}) {
            admin().queryParam(param, text).get("/ops/api/logs").then().statusCode(400)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void theOpenApiDocumentStatesTheBounds() {
        JsonPath doc = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> bucket = parameter(doc, "/ops/api/analytics", "bucket_seconds");
        Assertions.assertThat(bucket).containsEntry("minimum", 1).containsEntry("maximum", 86400);
        Map<String, Object> limit = parameter(doc, "/ops/api/logs", "limit");
        Assertions.assertThat(limit).containsKeys("minimum", "maximum");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parameter(JsonPath doc, String path, String name) {
        java.util.List<Map<String, Object>> params = doc.getList("paths.'" + path + "'.get.parameters");
        return (Map<String, Object>) params.stream().filter(p -> name.equals(p.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no parameter " + name + " on " + path)).get("schema");
    }
}
