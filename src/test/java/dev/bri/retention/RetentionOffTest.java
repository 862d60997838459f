package dev.bri.retention;

import static dev.bri.TestData.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The default: no retention rule, nothing is ever erased on its own. */
@QuarkusTest
class RetentionOffTest {

    @Test
    void withoutRulesTheReportIsEmptyAndARunIsRefused() {
        given().auth().oauth2(ADMIN_TOKEN).get("/admin/retention").then().statusCode(200)
                .body("videos", nullValue()).body("memory", nullValue()).body("dry_run", equalTo(true));
        given().auth().oauth2(ADMIN_TOKEN).post("/admin/retention").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("no retention rule"));
    }
}
