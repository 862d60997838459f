package dev.bri.backup;

import static io.restassured.RestAssured.given;

import dev.bri.TestData;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Admin calls used by the backup tests. */
final class BackupApi {

    private BackupApi() {
    }

    static RequestSpecification admin() {
        return given().auth().oauth2(TestData.ADMIN_TOKEN);
    }

    static String create(boolean verify) {
        return admin().contentType(ContentType.JSON).body("{\"verify\":" + verify + "}").post("/admin/backups")
                .then().statusCode(201).extract().path("backup.id");
    }

    static ValidatableResponse restore(String body) {
        return admin().contentType(ContentType.JSON).body(body).post("/admin/restore").then();
    }

    static void maintenance(boolean on) {
        admin().contentType(ContentType.JSON).body("{\"enabled\":" + on + ",\"reason\":\"backup test\"}")
                .post("/admin/maintenance").then().statusCode(200);
    }

    static int heldWrites() {
        return admin().get("/admin/maintenance").then().extract().path("queue_depth");
    }
}
