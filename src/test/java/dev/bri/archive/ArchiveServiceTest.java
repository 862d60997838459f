package dev.bri.archive;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bri.TestData;
import dev.bri.backup.SqliteFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The archiver inside the running service: commits reach the archive, a restore starts a new chain. */
@QuarkusTest
class ArchiveServiceTest {

    @Inject
    ArchiveService archive;

    private static boolean itemInFile(Path db, String video, String itemId) throws Exception {
        try (Connection c = SqliteFiles.open(db, true);
                PreparedStatement p = c.prepareStatement("SELECT count(*) FROM context_items ci JOIN videos v "
                        + "ON v.seq = ci.video_seq WHERE v.id = ? AND ci.item_id = ?")) {
            p.setString(1, video);
            p.setString(2, itemId);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        }
    }

    /** Waits until a commit made after {@code after} is in a sealed segment of the current chain. */
    private void awaitArchived(Instant after) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            PointInTime.Plan plan = archive.pointInTime().plan(null);
            return plan.chain().equals(archive.status().chain()) && plan.reachedCommitAt() != null
                    && plan.reachedCommitAt().isAfter(after);
        });
    }

    @Test
    void acknowledgedIngestReachesTheArchiveAndRebuildsFromItAlone() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> "archiving".equals(archive.status().state()));
        // the archive is current first: a commit made now is archived in the chain the archiver is on (an earlier
        // test's checkpoint through a pooled connection ends a chain at the next commit, and a new one starts)
        Instant warm = Instant.now();
        String video = TestData.createVideo(60);
        awaitArchived(warm);
        Instant before = Instant.now();
        List<String> ids = given().contentType(ContentType.JSON)
                .body(TestData.batch(TestData.caption("archived-1", 1, "a cat on the stairs")))
                .post("/api/v1/videos/{id}/context", video).then().statusCode(200).extract().jsonPath()
                .getList("ids", String.class);
        Instant acknowledged = Instant.now();
        awaitArchived(before);
        PointInTime pitr = archive.pointInTime();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> pitr.plan(acknowledged) != null);

        PointInTime.Plan plan = pitr.plan(null);
        Path out = Files.createTempDirectory("pitr").resolve("rebuilt.db");
        PointInTime.Rebuilt rebuilt = pitr.rebuild(plan, out);
        assertThat(itemInFile(rebuilt.file(), video, ids.get(0))).isTrue();

        // the state at the acknowledgement holds it; the state just before the request does not
        PointInTime.Plan atAck = pitr.plan(acknowledged);
        assertThat(atAck.reached()).isBeforeOrEqualTo(acknowledged);
        assertThat(itemInFile(pitr.rebuild(atAck, out.resolveSibling("at-ack.db")).file(), video, ids.get(0)))
                .isTrue();
        PointInTime.Plan justBefore = pitr.plan(before);
        assertThat(justBefore.chain()).as("both states from the same chain's segments").isEqualTo(atAck.chain());
        assertThat(justBefore.transactions()).isLessThan(atAck.transactions());
        Path earlier = out.resolveSibling("earlier.db");
        pitr.rebuild(justBefore, earlier);
        assertThat(itemInFile(earlier, video, ids.get(0))).isFalse();

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("bri_backup_archive_lag_seconds", "bri_backup_archive_bytes_total",
                "bri_backup_archive_segments_total", "bri_backup_archive_chain_start_timestamp_seconds",
                "bri_backup_archive_active 1.0");
        given().auth().oauth2(TestData.ADMIN_TOKEN).get("/admin/health").then().statusCode(200)
                .body("components.find { it.component == 'archive' }.status", org.hamcrest.Matchers.equalTo(
                        "HEALTHY"));
    }

    @Test
    void aRestoreEndsTheChainAndANewOneStartsFromTheRestoredDatabase() throws Exception {
        String video = TestData.createVideo(60);
        Instant before = Instant.now();
        TestData.ingest(video, TestData.caption("before-restore", 1, "a bird"));
        awaitArchived(before);
        String chainBefore = archive.status().chain();
        String backup = given().auth().oauth2(TestData.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body("{\"verify\":true}").post("/admin/backups").then().statusCode(201).extract().path("backup.id");
        given().auth().oauth2(TestData.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body("{\"backup_id\":\"" + backup + "\"}").post("/admin/restore").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "archiving".equals(archive.status().state())
                && !chainBefore.equals(archive.status().chain()));
        ChainManifest chain = archive.store().manifest(new ChainId(archive.status().chain())).orElseThrow();
        assertThat(chain.reason()).isEqualTo("restore");
        Instant beforeSecond = Instant.now();
        TestData.ingest(video, TestData.caption("after-restore", 2, "a fish"));
        awaitArchived(beforeSecond);
        Path out = Files.createTempDirectory("pitr").resolve("after.db");
        PointInTime.Rebuilt rebuilt = archive.pointInTime().rebuild(archive.pointInTime().plan(null), out);
        assertThat(rebuilt.plan().chain()).isEqualTo(chain.id());
        try (Connection c = SqliteFiles.open(out, true);
                PreparedStatement p = c.prepareStatement(
                        "SELECT count(*) FROM context_items ci JOIN videos v ON v.seq = ci.video_seq WHERE v.id = ?")) {
            p.setString(1, video);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2);
            }
        }
    }
}
