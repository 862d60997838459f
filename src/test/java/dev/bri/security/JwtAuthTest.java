package dev.bri.security;

import static dev.bri.TestData.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.bri.TestData;
import dev.bri.admin.AuditRecorder;
import dev.bri.observability.AuditEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.Test;

/** JWT bearer tokens from an identity provider beside API keys: same scopes, same refusals, the token's subject audited. */
@QuarkusTest
@TestProfile(JwtOnProfile.class)
class JwtAuthTest {

    @Inject
    AuditRecorder audit;

    @Inject
    JwtTokens tokens;

    @Test
    void aTokensScopesDecideWhatItMayDoAndItsSubjectIsTheActor() {
        String reader = JwtOnProfile.token("alice@example.org", "openid bri-context:read profile");
        given().auth().oauth2(reader).get("/api/v1/videos").then().statusCode(200);
        String denied = "req-" + UUID.randomUUID();
        given().header("X-Request-ID", denied).auth().oauth2(reader).contentType(ContentType.JSON)
                .body("{\"filename\":\"a.mp4\",\"duration\":5}").put("/api/v1/videos/{id}", TestData.newVideoId())
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("'alice@example.org' lacks the 'write' scope"));
        assertThat(events(denied)).singleElement().satisfies(e -> {
            assertThat(e.detail()).isEqualTo("missing-scope:write");
            assertThat(e.actor()).isEqualTo("alice@example.org");
        });

        String writer = JwtOnProfile.token("pipeline-42", "bri-context:read bri-context:write");
        String created = "req-" + UUID.randomUUID();
        given().header("X-Request-ID", created).header("X-User-ID", "mallory").auth().oauth2(writer)
                .contentType(ContentType.JSON).body("{\"filename\":\"a.mp4\",\"duration\":5}")
                .put("/api/v1/videos/{id}", TestData.newVideoId()).then().statusCode(201);
        assertThat(events(created)).singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("pipeline-42"));
    }

    @Test
    void scopesWithoutThePrefixOrForTheOperatorAreaAreNotData() {
        // "read" without the configured prefix belongs to some other service
        given().auth().oauth2(JwtOnProfile.token("bob", "read write")).get("/api/v1/videos").then().statusCode(403);
        given().auth().oauth2(JwtOnProfile.token("ops", "bri-context:admin")).get("/admin/health").then()
                .statusCode(200);
        given().auth().oauth2(JwtOnProfile.token("bob", "bri-context:read")).get("/admin/health").then()
                .statusCode(403);
    }

    @Test
    void expiredForgedForeignAndMisaddressedTokensAre401AuditedAndNeverLogged() {
        List<String> logged = new CopyOnWriteArrayList<>();
        ExtHandler capture = new ExtHandler() {
            @Override
            protected void doPublish(ExtLogRecord record) {
                logged.add(record.getFormattedMessage());
            }
        };
        Logger root = LogContext.getLogContext().getLogger("");
        root.addHandler(capture);
        try {
            refuseBadTokens(logged);
        } finally {
            root.removeHandler(capture);
        }
    }

    private void refuseBadTokens(List<String> logged) {
        long now = Instant.now().getEpochSecond();
        String claims = "\"sub\":\"eve\",\"scope\":\"bri-context:read\",\"iat\":" + (now - 60);
        List<String> reasons = List.of("expired", "signature", "issuer", "audience", "signature", "not-yet-valid");
        List<String> bad = List.of(
                // expired ten minutes ago (beyond the default 60 s clock skew)
                JwtOnProfile.sign(JwtOnProfile.IDP.getPrivate(), "{\"iss\":\"" + JwtOnProfile.ISSUER
                        + "\",\"aud\":\"bri-context\"," + claims + ",\"exp\":" + (now - 600) + "}"),
                // signed by another key
                JwtOnProfile.sign(JwtOnProfile.STRANGER.getPrivate(), "{\"iss\":\"" + JwtOnProfile.ISSUER
                        + "\",\"aud\":\"bri-context\"," + claims + ",\"exp\":" + (now + 300) + "}"),
                // another issuer
                JwtOnProfile.sign(JwtOnProfile.IDP.getPrivate(), "{\"iss\":\"https://evil.example\","
                        + "\"aud\":\"bri-context\"," + claims + ",\"exp\":" + (now + 300) + "}"),
                // meant for another service
                JwtOnProfile.sign(JwtOnProfile.IDP.getPrivate(), "{\"iss\":\"" + JwtOnProfile.ISSUER
                        + "\",\"aud\":\"other-service\"," + claims + ",\"exp\":" + (now + 300) + "}"),
                // no signature at all
                JwtOnProfile.token("eve", "bri-context:read").replaceAll("\\.[^.]+$", ".AAAA"),
                // not valid before ten minutes from now
                JwtOnProfile.sign(JwtOnProfile.IDP.getPrivate(), "{\"iss\":\"" + JwtOnProfile.ISSUER
                        + "\",\"aud\":\"bri-context\"," + claims + ",\"nbf\":" + (now + 600) + ",\"exp\":"
                        + (now + 900) + "}"));
        for (int i = 0; i < bad.size(); i++) {
            String token = bad.get(i);
            String reason = reasons.get(i);
            String requestId = "req-" + UUID.randomUUID();
            given().header("X-Request-ID", requestId).auth().oauth2(token).get("/api/v1/videos").then()
                    .statusCode(401).contentType("application/problem+json")
                    .body("type", equalTo("urn:bri:problem:unauthorized"))
                    .body("detail", equalTo("the bearer token is not valid (" + reason + ")"));
            assertThat(events(requestId)).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo("denied");
                assertThat(e.detail()).isEqualTo("invalid-jwt:" + reason);
                assertThat(e.toString()).doesNotContain(token);
            });
            // SmallRye's own messages quote the token or its claims: none of that reaches the log
            assertThat(logged).anySatisfy(m -> assertThat(m).isEqualTo("auth.jwt_rejected reason=" + reason))
                    .noneSatisfy(m -> assertThat(m).contains(token.substring(token.lastIndexOf('.'))))
                    .noneSatisfy(m -> assertThat(m).contains("eve"));
        }
    }

    @Test
    void scopeClaimsAsArraysAreReadToo() {
        assertThat(tokens.scopes(List.of("bri-context:read", "bri-context:admin", "other:write")))
                .containsExactlyInAnyOrder(Scope.READ, Scope.ADMIN);
        assertThat(tokens.scopes(jakarta.json.Json.createArrayBuilder().add("bri-context:write").add("read").build()))
                .containsExactly(Scope.WRITE);
        assertThat(tokens.scopes(null)).isEmpty();
    }

    @Test
    void apiKeysAndTheAdminTokenKeepWorkingBesideTokens() {
        given().auth().oauth2(AuthOnProfile.READER).get("/api/v1/videos").then().statusCode(200);
        given().auth().oauth2(AuthOnProfile.READER).post("/admin/retention").then().statusCode(403);
        given().auth().oauth2(ADMIN_TOKEN).get("/admin/health").then().statusCode(200);
        given().auth().oauth2("bri_not-a-key-and-not-a-jwt").get("/api/v1/videos").then().statusCode(401);
        given().get("/api/v1/videos").then().statusCode(401);
    }

    private List<AuditEvent> events(String requestId) {
        return audit.events().stream().filter(e -> requestId.equals(e.requestId())).toList();
    }
}
