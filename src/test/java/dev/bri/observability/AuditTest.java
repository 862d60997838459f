package dev.bri.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One audit record per data mutation and admin action, written before the response (read right after it, without
 * waiting), with who/where/what/target/outcome/request_id, and none for reads. Records are read back through the
 * ops API (in-memory buffer) and from bri_audit.log.
 */
@QuarkusTest
class AuditTest {

    static final String SECRET_MARKER = "s3cr3t-body-" + UUID.randomUUID();

    @Test
    void everyMutationGetsExactlyOneAuditRecord() {
        String videoId = TestData.newVideoId();
        Map<String, Object> put = audit(req("bob").body("{\"filename\":\"" + SECRET_MARKER + ".mp4\",\"duration\":9}"),
                "PUT", "/api/v1/videos/" + videoId, 201);
        assertThat(put).containsEntry("audit_action", "PUT /api/v1/videos/{videoId}")
                .containsEntry("audit_target", videoId).containsEntry("audit_outcome", "success")
                .containsEntry("audit_actor", "bob").containsEntry("audit_client", "127.0.0.1")
                .containsEntry("audit_detail", "status=201").containsEntry("video_id", videoId);

        assertThat(audit(req("bob").body(TestData.batch(TestData.caption("c1", 1.0, SECRET_MARKER))), "POST",
                "/api/v1/videos/" + videoId + "/context", 200))
                .containsEntry("audit_action", "POST /api/v1/videos/{videoId}/context")
                .containsEntry("audit_outcome", "success");
        assertThat(audit(req("bob").body("{\"role\":\"user\",\"content\":\"" + SECRET_MARKER + "\"}"), "POST",
                "/api/v1/videos/" + videoId + "/memory", 201))
                .containsEntry("audit_action", "POST /api/v1/videos/{videoId}/memory");
        assertThat(audit(req("bob").body("{\"stage\":\"extracting\",\"status\":\"started\"}"), "POST",
                "/api/v1/videos/" + videoId + "/pipeline", 200))
                .containsEntry("audit_action", "POST /api/v1/videos/{videoId}/pipeline");
        assertThat(audit(req(null), "DELETE", "/api/v1/videos/" + videoId, 204))
                .containsEntry("audit_action", "DELETE /api/v1/videos/{videoId}")
                .containsEntry("audit_actor", "anonymous").containsEntry("audit_target", videoId);
    }

    @Test
    void rejectedMutationsAreAuditedAsFailures() {
        String videoId = TestData.newVideoId();
        assertThat(audit(req("bob").body("{\"filename\":\"x.mp4\",\"duration\":-1}"), "PUT",
                "/api/v1/videos/" + videoId, 400))
                .containsEntry("audit_outcome", "failure").containsEntry("audit_detail", "status=400");
        assertThat(audit(req("bob"), "DELETE", "/api/v1/videos/" + videoId, 404))
                .containsEntry("audit_outcome", "failure").containsEntry("audit_target", videoId);
    }

    @Test
    void adminActionsAreAuditedWithTheAdminActorAndDeniedOnesOnce() {
        // an admin mutation (whatever its result) is audited as the admin
        Map<String, Object> admin = audit(req(null).header("Authorization", "Bearer " + TestData.ADMIN_TOKEN)
                .body("{}"), "POST", "/admin/no-such-action", 404);
        assertThat(admin).containsEntry("audit_actor", "admin").containsEntry("audit_outcome", "failure");
        // a wrong token is audited once, as denied, and the token never appears
        Map<String, Object> denied = audit(req(null).header("Authorization", "Bearer wrong-" + SECRET_MARKER)
                .body("{}"), "POST", "/admin/backups", 401);
        assertThat(denied).containsEntry("audit_outcome", "denied").containsEntry("audit_detail", "wrong-token");
        // admin reads are not actions
        String requestId = "req-" + UUID.randomUUID();
        given().header("X-Request-ID", requestId).header("Authorization", "Bearer " + TestData.ADMIN_TOKEN)
                .get("/ops/api/errors").then().statusCode(200);
        assertThat(auditRecords(requestId)).isEmpty();
    }

    @Test
    void aBackupStartedByTheAdminIsAuditedWithItsId() {
        String requestId = "req-" + UUID.randomUUID();
        String backupId = given().contentType(ContentType.JSON).header("X-Request-ID", requestId)
                .header("Authorization", "Bearer " + TestData.ADMIN_TOKEN).body("{\"verify\":true}")
                .post("/admin/backups").then().statusCode(201).extract().path("backup.id");
        List<Map<String, Object>> records = auditRecords(requestId);
        // the backup service writes its own, richer records (create, verify); no generic duplicate is added
        assertThat(records).extracting(r -> r.get("audit_action")).containsExactly("backup.create", "backup.verify");
        assertThat(records).allSatisfy(r -> assertThat(r).containsEntry("audit_target", backupId)
                .containsEntry("audit_actor", "admin").containsEntry("audit_outcome", "success")
                .containsEntry("audit_client", "127.0.0.1"));
        assertThat(LogCapture.withRequestId("bri_audit.log", requestId)).hasSize(2);
    }

    @Test
    void readsAreNotAudited() {
        String videoId = TestData.createVideo(20);
        TestData.ingest(videoId, TestData.caption("c1", 1.0, "a dog"));
        for (String path : List.of("/api/v1/videos/" + videoId, "/api/v1/videos",
                "/api/v1/videos/" + videoId + "/context",
                "/api/v1/videos/" + videoId + "/search?q=dog", "/api/v1/videos/" + videoId + "/memory")) {
            String requestId = "req-" + UUID.randomUUID();
            given().header("X-Request-ID", requestId).get(path).then().statusCode(200);
            assertThat(auditRecords(requestId)).as(path).isEmpty();
        }
    }

    @Test
    void auditRecordsNeverContainBodiesOrSecrets() {
        String all = LogCapture.records("bri_audit.log").toString()
                + given().header("Authorization", "Bearer " + TestData.ADMIN_TOKEN)
                        .get("/ops/api/logs?component=bri.audit&limit=100000").asString();
        // the other tests in this class sent SECRET_MARKER in bodies and a token: run them first if alone
        everyMutationGetsExactlyOneAuditRecord();
        adminActionsAreAuditedWithTheAdminActorAndDeniedOnesOnce();
        all += LogCapture.records("bri_audit.log").toString()
                + given().header("Authorization", "Bearer " + TestData.ADMIN_TOKEN)
                        .get("/ops/api/logs?component=bri.audit&limit=100000").asString();
        assertThat(all).contains("audit_action").doesNotContain(SECRET_MARKER).doesNotContain(TestData.ADMIN_TOKEN);
    }

    private static RequestSpecification req(String user) {
        RequestSpecification spec = given().contentType(ContentType.JSON);
        return user == null ? spec : spec.header("X-User-ID", user);
    }

    /** Sends the request and returns the fields of its single audit record (checked in memory and in the file). */
    private static Map<String, Object> audit(RequestSpecification spec, String method, String path, int status) {
        String requestId = "req-" + UUID.randomUUID();
        spec.header("X-Request-ID", requestId).request(method, path).then().statusCode(status);
        List<Map<String, Object>> records = auditRecords(requestId);
        assertThat(records).as(method + " " + path).hasSize(1);
        assertThat(LogCapture.withRequestId("bri_audit.log", requestId)).as("file record").hasSize(1);
        return records.get(0);
    }

    static List<Map<String, Object>> auditRecords(String requestId) {
        JsonPath page = given().header("Authorization", "Bearer " + TestData.ADMIN_TOKEN)
                .queryParam("component", "bri.audit").queryParam("q", requestId)
                .get("/ops/api/logs").then().statusCode(200).extract().jsonPath();
        return page.getList("records.fields");
    }
}
