package dev.bri.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A JSON value of the wrong type is a 400 naming its field; nothing is converted and nothing is written. */
@QuarkusTest
class StrictJsonTest {

    @AfterEach
    void maintenanceOff() {
        given().auth().oauth2(TestData.ADMIN_TOKEN).contentType(ContentType.JSON).body("{\"enabled\":false}")
                .post("/admin/maintenance").then().statusCode(200);
    }

    @Test
    void aNumberIsNotABoolean() {
        for (String value : new String[]{"2", "1", "\"true\"", "0.5"}) {
            given().auth().oauth2(TestData.ADMIN_TOKEN).contentType(ContentType.JSON)
                    .body("{\"enabled\":" + value + "}").post("/admin/maintenance").then().statusCode(400)
                    .contentType("application/problem+json").body("request_id", notNullValue())
                    .body("errors[0].field", equalTo("enabled"));
        }
        given().auth().oauth2(TestData.ADMIN_TOKEN).get("/admin/maintenance").then().body("active", equalTo(false));
    }

    @Test
    void textIsNotANumberAndNothingIsWritten() {
        String video = TestData.createVideo(60);
        String item = "{\"id\":\"c\",\"type\":\"caption\",\"start\":\"3.5\",\"data\":{\"frame_timestamp\":3.5,"
                + "\"text\":\"coerced\"},\"source\":{\"tool\":\"blip\"}}";
        given().contentType(ContentType.JSON).body(TestData.batch(item)).post("/api/v1/videos/{id}/context", video)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("items[0].start"));
        given().get("/api/v1/videos/{id}/context", video).then().statusCode(200).body("captions.size()", equalTo(0));
    }

    @Test
    void aNumberIsNotTextAndAFractionIsNotAnInteger() {
        String video = TestData.newVideoId();
        given().contentType(ContentType.JSON).body("{\"filename\":5,\"duration\":60}")
                .put("/api/v1/videos/{id}", video).then().statusCode(400).body("errors[0].field", equalTo("filename"));
        given().contentType(ContentType.JSON).body("{\"filename\":\"a.mp4\",\"duration\":\"60\"}")
                .put("/api/v1/videos/{id}", video).then().statusCode(400).body("errors[0].field", equalTo("duration"));
        given().get("/api/v1/videos/{id}", video).then().statusCode(404);
    }

    @Test
    void anIntegerLiteralStillFillsAFloatingPointField() {
        String video = TestData.newVideoId();
        given().contentType(ContentType.JSON).body("{\"filename\":\"a.mp4\",\"duration\":60}")
                .put("/api/v1/videos/{id}", video).then().statusCode(201);
    }
}
