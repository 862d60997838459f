package dev.bri.backup;

import static dev.bri.backup.BackupApi.restore;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.bri.TestData;
import dev.bri.admin.AuditRecorder;
import dev.bri.erasure.ErasureConfig;
import dev.bri.erasure.ErasureLedger;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** Right to erasure across restores: a backup taken before an erasure never brings the video back. */
@QuarkusTest
class ErasureSurvivesRestoreTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditRecorder audit;

    @Inject
    ErasureConfig erasure;

    @Test
    void aVideoErasedAfterABackupIsStillGoneAfterRestoringThatBackup() throws Exception {
        String word = "quetzalword" + System.nanoTime();
        String erased = TestData.createVideo(60);
        TestData.ingest(erased, TestData.caption("c", 1, word), TestData.transcript("t", 1, 2, word),
                TestData.objects("o", 1, "dog"));
        given().contentType(ContentType.JSON).body("{\"role\":\"user\",\"content\":\"" + word + "\"}")
                .post("/api/v1/videos/{id}/memory", erased).then().statusCode(201);
        String kept = TestData.createVideo(30);
        TestData.ingest(kept, TestData.caption("c", 1, word));
        String backupId = BackupApi.create(true);

        given().delete("/api/v1/videos/{id}", erased).then().statusCode(204);
        String ledger = Files.readString(ledgerFile(), StandardCharsets.UTF_8);
        assertThat(ledger).contains("\"video_id\":\"" + erased + "\"").doesNotContain(word);

        restore("{\"backup_id\":\"" + backupId + "\"}").statusCode(200).body("status", equalTo("restored"));

        given().get("/api/v1/videos/{id}", erased).then().statusCode(404);
        given().queryParam("q", word).get("/api/v1/videos/{id}/search", erased).then().statusCode(404);
        given().get("/api/v1/videos/{id}/memory", erased).then().statusCode(404);
        assertThat(count("SELECT count(*) FROM context_fts WHERE context_fts MATCH ?", word)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM memory_turns WHERE content = ?", word)).isZero();
        assertThat(count("SELECT count(*) FROM search_terms WHERE term = ?", word)).isEqualTo(1);
        given().queryParam("q", word).get("/api/v1/videos/{id}/search", kept).then().statusCode(200)
                .body("hits.size()", equalTo(1));
        assertThat(audit.events()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("erasure.reapply");
            assertThat(e.target()).isEqualTo(erased);
            assertThat(e.detail()).contains("restore of " + backupId);
        });
    }

    @Test
    void aVideoCreatedAgainUnderTheSameIdAfterItsErasureSurvivesARestore() {
        String id = TestData.createVideo(60);
        given().delete("/api/v1/videos/{id}", id).then().statusCode(204);
        given().contentType(ContentType.JSON).body("{\"filename\":\"again.mp4\",\"duration\":12}")
                .put("/api/v1/videos/{id}", id).then().statusCode(201);
        String backupId = BackupApi.create(false);
        restore("{\"backup_id\":\"" + backupId + "\"}").statusCode(200);
        given().get("/api/v1/videos/{id}", id).then().statusCode(200).body("filename", equalTo("again.mp4"));
    }

    @Test
    void aMemoryClearedAfterABackupStaysForgottenAfterRestoringItAndLaterTurnsStay() throws Exception {
        String word = "memoryword" + System.nanoTime();
        String video = TestData.createVideo(60);
        turn(video, "first " + word);
        turn(video, "second " + word);
        String before = BackupApi.create(false);

        String requestId = "req-" + java.util.UUID.randomUUID();
        given().header("X-Request-ID", requestId).delete("/api/v1/videos/{id}/memory", video).then()
                .statusCode(204);
        String ledger = Files.readString(ledgerFile(), StandardCharsets.UTF_8);
        assertThat(ledger).contains("\"kind\":\"memory_clear\",\"video_id\":\"" + video + "\"")
                .contains("\"request_id\":\"" + requestId + "\"").doesNotContain(word);
        turn(video, "after the clear " + word);
        String after = BackupApi.create(false);

        restore("{\"backup_id\":\"" + before + "\"}").statusCode(200);
        given().get("/api/v1/videos/{id}/memory", video).then().statusCode(200).body("turns.size()", equalTo(0));
        assertThat(count("SELECT count(*) FROM memory_turns WHERE content LIKE ?", "%" + word)).isZero();
        assertThat(audit.events()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("erasure.reapply");
            assertThat(e.target()).isEqualTo(video + " memory");
            assertThat(e.detail()).contains("restore of " + before).contains("2 row(s)");
        });

        // the turn stored after the clear is not part of what the clear erased
        restore("{\"backup_id\":\"" + after + "\"}").statusCode(200);
        given().get("/api/v1/videos/{id}/memory", video).then().statusCode(200).body("turns.size()", equalTo(1))
                .body("turns[0].content", equalTo("after the clear " + word));
    }

    @Test
    void clearingTheMemoryOfAnUnknownVideoIs404AndRecordsNothing() throws Exception {
        long size = Files.exists(ledgerFile()) ? Files.size(ledgerFile()) : 0;
        given().delete("/api/v1/videos/{id}/memory", TestData.newVideoId()).then().statusCode(404)
                .contentType("application/problem+json");
        String empty = TestData.createVideo(5);
        given().delete("/api/v1/videos/{id}/memory", empty).then().statusCode(204);
        assertThat(Files.exists(ledgerFile()) ? Files.size(ledgerFile()) : 0).isEqualTo(size);
    }

    private static void turn(String videoId, String content) {
        given().contentType(ContentType.JSON).body("{\"role\":\"user\",\"content\":\"" + content + "\"}")
                .post("/api/v1/videos/{id}/memory", videoId).then().statusCode(201);
    }

    @Test
    void aLedgerDamagedInItsMiddleRollsTheRestoreBack() throws Exception {
        String backupId = BackupApi.create(false);
        given().delete("/api/v1/videos/{id}", TestData.createVideo(10)).then().statusCode(204);
        given().delete("/api/v1/videos/{id}", TestData.createVideo(10)).then().statusCode(204);
        String after = TestData.createVideo(20);
        Path file = ledgerFile();
        byte[] original = Files.readAllBytes(file);
        try {
            String text = new String(original, StandardCharsets.UTF_8);
            int last = text.lastIndexOf('\n', text.length() - 2);
            // a byte changed in the second-to-last record; the last one stays good
            int at = text.lastIndexOf("\"video_id\":\"vid-", last) + 13;
            Files.writeString(file, text.substring(0, at) + "X" + text.substring(at + 1), StandardCharsets.UTF_8);
            restore("{\"backup_id\":\"" + backupId + "\"}").statusCode(503)
                    .contentType("application/problem+json")
                    .body("detail", containsString("erasure ledger " + file))
                    .body("detail", containsString("damaged at record"));
            given().get("/api/v1/videos/{id}", after).then().statusCode(200);
            assertThat(audit.events()).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo("backup.restore");
                assertThat(e.outcome()).isEqualTo("failure");
                assertThat(e.detail()).contains("rolled back").contains("erasure ledger");
            });
        } finally {
            Files.write(file, original);
        }
    }

    private Path ledgerFile() {
        return erasure.ledgerDir().resolve(ErasureLedger.FILE_NAME);
    }

    private long count(String sql, String arg) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
