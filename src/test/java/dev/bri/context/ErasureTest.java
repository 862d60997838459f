package dev.bri.context;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.TestData;
import dev.bri.storage.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Right to erasure: after DELETE nothing about the video remains in any table or index. The engine's own text index
 * is checked by {@link #indexed} and {@link #checkTermsBeforeDelete} / {@link #checkTermsAfterDelete}, which
 * {@link ErasurePostgresTest} replaces.
 */
@QuarkusTest
class ErasureTest {

    @Inject
    Database database;

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
        assertThat(indexed(secret)).isEqualTo(2);
        assertThat(scalar("SELECT count(*) FROM object_detections WHERE video_seq = ?", seq)).isEqualTo(1);
        checkTermsBeforeDelete(secret, seq);

        given().delete("/api/v1/videos/{id}", id).then().statusCode(204);

        assertThat(scalar("SELECT count(*) FROM videos WHERE id = ?", id)).isZero();
        List<String> tables = new ArrayList<>(List.of("context_items", "memory_turns", "pipeline_events",
                "object_detections", "item_spans", "transcripts"));
        tables.addAll(engineTables());
        for (String table : tables) {
            assertThat(scalar("SELECT count(*) FROM " + table + " WHERE video_seq = ?", seq)).as(table).isZero();
        }
        assertThat(indexed(secret)).isZero();
        checkTermsAfterDelete(secret);
        assertThat(scalar("SELECT count(*) FROM memory_turns WHERE content = ?", secret)).isZero();
        assertThat(scalar("SELECT count(*) FROM transcripts WHERE full_text = ?", secret)).isZero();
    }

    /** Rows of the engine's full-text index that match {@code word}. */
    long indexed(String word) {
        return scalar("SELECT count(*) FROM context_fts WHERE context_fts MATCH ?", word);
    }

    /** The engine's own tables keyed by the video, beside the common ones. */
    List<String> engineTables() {
        return List.of("search_terms", "search_terms_incomplete");
    }

    void checkTermsBeforeDelete(String secret, long seq) {
        assertThat(scalar("SELECT count(*) FROM search_terms WHERE term = ?", secret)).isEqualTo(2);
        assertThat(scalar("SELECT count(*) FROM search_terms_incomplete WHERE video_seq = ?", seq)).isEqualTo(1);
    }

    void checkTermsAfterDelete(String secret) {
        assertThat(scalar("SELECT count(*) FROM search_terms WHERE term = ?", secret)).isZero();
    }

    long scalar(String sql, Object arg) {
        return database.read("test", c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setObject(1, arg);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
