package dev.bri.context;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.TestData;
import dev.bri.testing.PostgresProfile;
import dev.bri.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** {@link ErasureTest} on the PostgreSQL engine: the same API calls, PostgreSQL's tables and text index checked. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class ErasurePostgresTest {

    @Test
    void deleteLeavesNothingBehind() throws Exception {
        String id = TestData.createVideo(60);
        String secret = "zanzibarword" + System.nanoTime();
        TestData.ingest(id, TestData.caption("c", 1, secret), TestData.transcript("t", 1, 2, secret),
                TestData.objects("o", 1, "dog"), TestData.frame("f", 1), TestData.caption("u", 2, "Ein Hund läuft"));
        given().contentType(ContentType.JSON).body("{\"items\":[],\"transcript\":{\"full_text\":\"" + secret + "\"}}")
                .post("/api/v1/videos/{id}/context", id).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"role\":\"user\",\"content\":\"" + secret + "\"}")
                .post("/api/v1/videos/{id}/memory", id).then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"stage\":\"pipeline\",\"status\":\"started\"}")
                .post("/api/v1/videos/{id}/pipeline", id).then().statusCode(200);
        long seq = scalar("SELECT seq FROM videos WHERE id = ?", id);
        String indexed = "SELECT count(*) FROM context_items WHERE search_vector @@ plainto_tsquery('bri', ?)";
        assertThat(scalar(indexed, secret)).isEqualTo(2);
        assertThat(scalar("SELECT count(*) FROM object_detections WHERE video_seq = ?", seq)).isEqualTo(1);

        given().delete("/api/v1/videos/{id}", id).then().statusCode(204);

        assertThat(scalar("SELECT count(*) FROM videos WHERE id = ?", id)).isZero();
        for (String table : new String[]{"context_items", "memory_turns", "pipeline_events", "object_detections",
                "item_spans", "transcripts"}) {
            assertThat(scalar("SELECT count(*) FROM " + table + " WHERE video_seq = ?", seq)).as(table).isZero();
        }
        assertThat(scalar(indexed, secret)).isZero();
        assertThat(scalar("SELECT count(*) FROM memory_turns WHERE content = ?", secret)).isZero();
        assertThat(scalar("SELECT count(*) FROM transcripts WHERE full_text = ?", secret)).isZero();
    }

    private static long scalar(String sql, Object arg) throws Exception {
        try (Connection c = PostgresResource.server().connect(PostgresResource.database());
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
