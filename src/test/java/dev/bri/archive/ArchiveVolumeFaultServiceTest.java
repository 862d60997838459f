package dev.bri.archive;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;

import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The running service with a backup volume that takes no writes (see {@link ArchiveVolumeFault}): it keeps serving
 * and accepting writes, archiving shows as stopped in both health reports and the metrics the alert reads, and once
 * the volume takes writes again a new chain starts that holds what was written meanwhile.
 */
@QuarkusTest
class ArchiveVolumeFaultServiceTest {

    @Inject
    ArchiveService archive;

    private static String archiveComponent(String field) {
        return given().auth().oauth2(TestData.ADMIN_TOKEN).get("/admin/health").then().statusCode(200).extract()
                .path("components.find { it.component == 'archive' }." + field);
    }

    private static JsonPath wellness() {
        return given().get("/q/health").then().extract().jsonPath();
    }

    @Test
    void writesAreServedWhileTheArchiveVolumeIsUnwritableAndANewChainStartsWhenItIsBack() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> "archiving".equals(archive.status().state()));
        String before = archive.status().chain();
        String video = TestData.createVideo(60);
        TestData.ingest(video, TestData.caption("before-fault", 1, "a lamp"));

        String during;
        try (ArchiveVolumeFault fault = new ArchiveVolumeFault(archive.store().root())) {
            // every write is accepted and served; the archive cannot follow
            TestData.ingest(video, TestData.caption("during-fault-1", 2, "a chair"));
            await().atMost(Duration.ofSeconds(30)).until(() -> "stopped".equals(archive.status().state()));
            TestData.ingest(video, TestData.caption("during-fault-2", 3, "a table"));
            during = TestData.createVideo(60);
            given().get("/api/v1/videos/{id}/context", video).then().statusCode(200).body("captions", hasSize(3));

            assertThat(archive.status().reasonCode()).isEqualTo("archive_error");
            assertThat(archiveComponent("status")).isEqualTo("DEGRADED");
            assertThat(archiveComponent("summary")).startsWith("archiving stopped:").contains("Not a directory");
            JsonPath health = wellness();
            assertThat(health.getString("checks.find { it.name == 'archive' }.status")).isEqualTo("DOWN");
            assertThat(health.getString("checks.find { it.name == 'archive' }.data.reason"))
                    .isEqualTo("archive_error");
            given().get("/q/health/well").then().statusCode(503);
            // readiness does not depend on the archive: the pod keeps its traffic
            given().get("/q/health/ready").then().statusCode(200);
            // what BriContextArchiveStopped reads
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("bri_backup_archive_enabled 1.0"))
                    .body(containsString("bri_backup_archive_active 0.0"));
        }

        // the volume takes writes again: a new chain within the retry delay (1 s in tests)
        await().atMost(Duration.ofSeconds(60)).until(() -> "archiving".equals(archive.status().state())
                && !before.equals(archive.status().chain()));
        String after = archive.status().chain();
        assertThat(archive.store().manifest(new ChainId(after)).orElseThrow().reason()).isEqualTo("archive_error");
        assertThat(archiveComponent("status")).isEqualTo("HEALTHY");
        assertThat(wellness().getString("checks.find { it.name == 'archive' }.status")).isEqualTo("UP");
        given().get("/q/health/well").then().statusCode(200);
        given().get("/q/metrics").then().body(containsString("bri_backup_archive_active 1.0"));

        // the new chain's base holds what was written while the volume was unwritable
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> archive.pointInTime().plan(null).chain().equals(after));
        Path out = Files.createTempDirectory("volfault").resolve("rebuilt.db");
        archive.pointInTime().rebuild(archive.pointInTime().plan(null), out);
        try (Connection c = dev.bri.backup.SqliteFiles.open(out, true);
                PreparedStatement p = c.prepareStatement("SELECT count(*) FROM context_items ci JOIN videos v "
                        + "ON v.seq = ci.video_seq WHERE v.id = ?")) {
            p.setString(1, video);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(3);
            }
        }
        given().get("/api/v1/videos/{id}", during).then().statusCode(200);
    }
}
