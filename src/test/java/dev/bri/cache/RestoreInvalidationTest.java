package dev.bri.cache;

import static dev.bri.TestData.ADMIN_TOKEN;
import static dev.bri.TestData.caption;
import static dev.bri.TestData.createVideo;
import static dev.bri.TestData.ingest;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** A restore replaces the database without per-video events; neither cache tier may serve pre-restore documents. */
@QuarkusTest
class RestoreInvalidationTest {

    @Test
    void afterARestoreBothTiersServeTheRestoredData() {
        String id = createVideo(60);
        ingest(id, caption("c1", 1, "a dog"));
        String backup = given().auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON).body("{}")
                .post("/admin/backups").then().statusCode(201).extract().path("backup.id");
        ingest(id, caption("c2", 2, "a cat"));
        given().get("/api/v1/videos/{id}/context", id).then().header("X-Cache", "MISS").body("captions", hasSize(2));
        given().get("/api/v1/videos/{id}/context", id).then().header("X-Cache", "HIT-L1");

        given().auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON).body("{\"backup_id\":\"" + backup + "\"}")
                .post("/admin/restore").then().statusCode(200).body("status", equalTo("restored"));

        given().get("/api/v1/videos/{id}/context", id).then().statusCode(200).header("X-Cache", "MISS")
                .body("captions", hasSize(1)).body("captions[0].id", equalTo("c1"));
    }
}
