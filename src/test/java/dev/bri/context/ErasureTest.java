package dev.bri.context;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.TestData;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** Right to erasure: after DELETE nothing about the video remains in any table or index. */
@QuarkusTest
class ErasureTest {

    @Inject
    AgroalDataSource dataSource;

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
        assertThat(scalar("SELECT count(*) FROM context_fts WHERE context_fts MATCH ?", secret)).isEqualTo(2);
        assertThat(scalar("SELECT count(*) FROM search_terms WHERE term = ?", secret)).isEqualTo(2);
        assertThat(scalar("SELECT count(*) FROM search_terms_incomplete WHERE video_seq = ?", seq)).isEqualTo(1);

        given().delete("/api/v1/videos/{id}", id).then().statusCode(204);

        assertThat(scalar("SELECT count(*) FROM videos WHERE id = ?", id)).isZero();
        for (String table : new String[]{"context_items", "memory_turns", "pipeline_events", "object_detections",
                "item_spans", "search_terms", "search_terms_incomplete", "transcripts"}) {
            assertThat(scalar("SELECT count(*) FROM " + table + " WHERE video_seq = ?", seq)).as(table).isZero();
        }
        assertThat(scalar("SELECT count(*) FROM context_fts WHERE context_fts MATCH ?", secret)).isZero();
        assertThat(scalar("SELECT count(*) FROM search_terms WHERE term = ?", secret)).isZero();
        assertThat(scalar("SELECT count(*) FROM memory_turns WHERE content = ?", secret)).isZero();
        assertThat(scalar("SELECT count(*) FROM transcripts WHERE full_text = ?", secret)).isZero();
    }

    private long scalar(String sql, Object arg) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
