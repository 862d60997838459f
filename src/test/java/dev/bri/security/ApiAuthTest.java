package dev.bri.security;

import static dev.bri.TestData.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.bri.TestData;
import dev.bri.admin.AuditRecorder;
import dev.bri.observability.AuditEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Authentication on: a real HTTP client with API keys, the admin token, rotation, and every refusal audited. */
@QuarkusTest
@TestProfile(AuthOnProfile.class)
class ApiAuthTest {

    @Inject
    AuditRecorder audit;

    @Inject
    ApiKeys keys;

    @Inject
    MeterRegistry registry;

    @AfterEach
    void restoreKeys() throws IOException {
        Files.writeString(AuthOnProfile.KEYS_FILE, AuthOnProfile.standardKeys());
        keys.reload();
    }

    @Test
    void withoutACredentialTheDataApiIs401ProblemAndAudited() {
        String requestId = "req-" + UUID.randomUUID();
        given().header("X-Request-ID", requestId).get("/api/v1/videos").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer realm=\"bri-context\"")
                .body("type", equalTo("urn:bri:problem:unauthorized")).body("request_id", equalTo(requestId));
        assertThat(events(requestId)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("denied");
            assertThat(e.detail()).isEqualTo("missing-token");
            assertThat(e.action()).isEqualTo("GET /api/v1/videos");
        });
    }

    @Test
    void aWrongKeyIs401AndTheKeyNeverReachesTheAudit() {
        String requestId = "req-" + UUID.randomUUID();
        String wrong = AuthOnProfile.CLIENT + "x";
        given().header("X-Request-ID", requestId).auth().oauth2(wrong).get("/api/v1/videos").then().statusCode(401)
                .body("type", equalTo("urn:bri:problem:unauthorized"));
        assertThat(events(requestId)).singleElement().satisfies(e -> {
            assertThat(e.detail()).isEqualTo("wrong-token");
            assertThat(e.toString()).doesNotContain(wrong);
        });
    }

    @Test
    void aReadKeyReadsButCannotWrite403ProblemAudited() {
        given().auth().oauth2(AuthOnProfile.READER).get("/api/v1/videos").then().statusCode(200);
        String requestId = "req-" + UUID.randomUUID();
        given().header("X-Request-ID", requestId).auth().oauth2(AuthOnProfile.READER).contentType(ContentType.JSON)
                .body("{\"filename\":\"a.mp4\",\"duration\":5}").put("/api/v1/videos/{id}", TestData.newVideoId())
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:bri:problem:forbidden")).body("detail", equalTo(
                        "'reader' lacks the 'write' scope"));
        assertThat(events(requestId)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("denied");
            assertThat(e.detail()).isEqualTo("missing-scope:write");
            assertThat(e.actor()).isEqualTo("reader");
        });
        given().auth().oauth2(AuthOnProfile.WRITER).get("/api/v1/videos").then().statusCode(403);
    }

    @Test
    void theActorIsTheKeysSubjectNotTheClaimedUser() {
        String requestId = "req-" + UUID.randomUUID();
        String videoId = TestData.newVideoId();
        given().header("X-Request-ID", requestId).header("X-User-ID", "mallory").auth().oauth2(AuthOnProfile.WRITER)
                .contentType(ContentType.JSON).body("{\"filename\":\"a.mp4\",\"duration\":5}")
                .put("/api/v1/videos/{id}", videoId).then().statusCode(201);
        assertThat(events(requestId)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("writer");
            assertThat(e.outcome()).isEqualTo("success");
        });
    }

    @Test
    void theAdminTokenKeepsWorkingEverywhereAndAdminKeysOnlyForTheOperatorArea() {
        given().auth().oauth2(ADMIN_TOKEN).get("/api/v1/videos").then().statusCode(200);
        given().auth().oauth2(ADMIN_TOKEN).get("/admin/health").then().statusCode(200)
                .body("status", notNullValue());
        given().auth().oauth2(AuthOnProfile.OPERATOR).get("/admin/health").then().statusCode(200);
        given().auth().oauth2(AuthOnProfile.OPERATOR).get("/api/v1/videos").then().statusCode(403);
        given().auth().oauth2(AuthOnProfile.CLIENT).get("/admin/health").then().statusCode(403)
                .body("detail", equalTo("'bri-agent' lacks the 'admin' scope"));
    }

    @Test
    void probesAndMetricsNeedNoCredential() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void twoKeysOfOneClientWorkDuringARotationAndTheOldOneStopsWhenRemoved() throws IOException {
        String next = ApiKeyFile.newKey();
        Files.writeString(AuthOnProfile.KEYS_FILE, AuthOnProfile.standardKeys()
                + ApiKeyFile.line("bri-agent", next, EnumSet.of(Scope.READ, Scope.WRITE)) + "\n");
        given().auth().oauth2(next).get("/api/v1/videos").then().statusCode(401);
        keys.reload();
        given().auth().oauth2(next).get("/api/v1/videos").then().statusCode(200);
        given().auth().oauth2(AuthOnProfile.CLIENT).get("/api/v1/videos").then().statusCode(200);

        Files.writeString(AuthOnProfile.KEYS_FILE,
                ApiKeyFile.line("bri-agent", next, EnumSet.of(Scope.READ, Scope.WRITE)) + "\n");
        keys.reload();
        given().auth().oauth2(AuthOnProfile.CLIENT).get("/api/v1/videos").then().statusCode(401);
        String requestId = "req-" + UUID.randomUUID();
        String videoId = TestData.newVideoId();
        given().header("X-Request-ID", requestId).auth().oauth2(next).contentType(ContentType.JSON)
                .body("{\"filename\":\"a.mp4\",\"duration\":5}").put("/api/v1/videos/{id}", videoId)
                .then().statusCode(201);
        assertThat(events(requestId)).singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("bri-agent"));
    }

    @Test
    void aBrokenKeysFileKeepsTheKeysLoadedBeforeAndIsCounted() throws IOException {
        double before = failures();
        Files.writeString(AuthOnProfile.KEYS_FILE, "bri-agent " + AuthOnProfile.CLIENT + " read\n");
        keys.reload();
        assertThat(failures()).isEqualTo(before + 1);
        given().auth().oauth2(AuthOnProfile.CLIENT).get("/api/v1/videos").then().statusCode(200);
        given().auth().oauth2(AuthOnProfile.READER).get("/api/v1/videos").then().statusCode(200);
    }

    private double failures() {
        return registry.get("bri.auth.key.reloads").tag("outcome", "failure").counter().count();
    }

    private java.util.List<AuditEvent> events(String requestId) {
        return audit.events().stream().filter(e -> requestId.equals(e.requestId())).toList();
    }
}
