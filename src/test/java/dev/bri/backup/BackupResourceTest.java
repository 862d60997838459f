package dev.bri.backup;

import static dev.bri.backup.BackupApi.admin;
import static dev.bri.backup.BackupApi.create;
import static dev.bri.backup.BackupApi.restore;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import dev.bri.TestData;
import dev.bri.storage.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Backups and restores of the running service's real database, through the admin API. */
@QuarkusTest
class BackupResourceTest {

    @Inject
    Database database;

    @Inject
    BackupService backups;

    private Map<String, Long> liveCounts() {
        return database.read("test_counts", SqliteFiles::rowCounts);
    }

    private static void appendTurn(String video, String content, int expectedStatus) {
        given().contentType(ContentType.JSON).body("{\"role\":\"user\",\"content\":\"" + content + "\"}")
                .post("/api/v1/videos/{id}/memory", video).then().statusCode(expectedStatus);
    }

    @Test
    void backupIsTakenVerifiedListedAndMeasured() {
        String video = TestData.createVideo(30);
        TestData.ingest(video, TestData.caption("c1", 1, "a dog"));
        Map<String, Object> created = admin().contentType(ContentType.JSON)
                .body("{\"verify\":true,\"cleanup\":true}").post("/admin/backups")
                .then().statusCode(201)
                .body("backup.id", matchesPattern(BackupId.REGEX))
                .body("backup.trigger", equalTo("api"))
                .body("backup.compression", equalTo("gzip"))
                .body("backup.sha256", matchesPattern("[0-9a-f]{64}"))
                .body("backup.verification.status", equalTo("passed"))
                .extract().path("backup");
        String id = (String) created.get("id");
        @SuppressWarnings("unchecked")
        Map<String, Integer> rows = (Map<String, Integer>) created.get("row_counts");
        assertThat(rows.get("videos")).isPositive();
        assertThat(rows.get("context_items")).isPositive();
        assertThat(created).containsKeys("schema_version", "sqlite_version", "page_size", "database_bytes",
                "backup_bytes", "app_version", "created_at", "duration_seconds");
        admin().get("/admin/backups").then().statusCode(200).body("backups.id", hasItem(id));
        admin().get("/admin/backups/{id}", id).then().statusCode(200).body("id", equalTo(id))
                .body("verification.status", equalTo("passed"));
        admin().post("/admin/backups/{id}/verify", id).then().statusCode(200).body("status", equalTo("passed"));
        given().get("/admin/backups").then().statusCode(401);
        String health = admin().get("/admin/health").then().extract()
                .path("components.find { it.component == 'backups' }.status").toString();
        assertThat(health).as("a verified backup was just taken").isEqualToIgnoringCase("healthy");
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).contains("bri_backup_last_success_timestamp_seconds", "bri_backup_duration_seconds_count",
                "bri_backup_size_bytes", "bri_backups_total{result=\"success\",trigger=\"api\"}",
                "bri_backup_verifications_total{result=\"passed\"}", "bri_backups_stored{kind=\"backup\"}");
        assertThat(Files.exists(backups.store().dataFile(new BackupId(id), true))).isTrue();
    }

    @Test
    void overlappingTriggersGet409NamingTheRunningBackup() throws Exception {
        try (BackupLock running = BackupLock.acquire(backups.store(), "backup-20261129T020000000Z-0a0b0c")) {
            admin().contentType(ContentType.JSON).body("{}").post("/admin/backups").then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("detail",
                            equalTo("a backup or restore is already running: backup-20261129T020000000Z-0a0b0c"));
            restore("{\"latest\":true}").statusCode(409);
        }
        // real concurrency: several triggers at once; each either succeeds or is told which backup runs
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(pool.submit(() -> admin().contentType(ContentType.JSON).body("{}").post("/admin/backups")));
        }
        List<String> ok = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Future<Response> f : calls) {
            Response r = f.get(5, TimeUnit.MINUTES);
            assertThat(r.statusCode()).isIn(201, 409);
            if (r.statusCode() == 201) {
                ok.add(r.path("backup.id"));
            } else {
                refused.add(r.path("detail"));
            }
        }
        pool.shutdown();
        assertThat(ok).isNotEmpty();
        for (String detail : refused) {
            assertThat(ok.stream().anyMatch(detail::endsWith)).as(detail).isTrue();
        }
    }

    @Test
    void idsThatCouldNameAPathOutsideTheBackupDirectoryAreRejected() {
        for (String id : List.of("..%2F..%2Fdata%2Fbri", "..%2Fbri.db", "backup-20261129T020000123Z-abcdef%2F..",
                "%2Fetc%2Fpasswd", "backup-20261129T020000123Z-abcdef.json", "..")) {
            assertThat(admin().urlEncodingEnabled(false).get("/admin/backups/" + id).statusCode()).as(id)
                    .isIn(400, 404);
            assertThat(admin().urlEncodingEnabled(false).delete("/admin/backups/" + id).statusCode()).as(id)
                    .isIn(400, 404, 405);
            assertThat(admin().urlEncodingEnabled(false).post("/admin/backups/" + id + "/verify").statusCode())
                    .as(id).isIn(400, 404, 405);
        }
        restore("{\"backup_id\":\"../data/bri\"}").statusCode(400).contentType("application/problem+json");
        restore("{\"backup_id\":\"backup-20261129T020000123Z-abcdef/../../x\"}").statusCode(400);
        admin().get("/admin/backups/backup-20000101T000000000Z-000000").then().statusCode(404);
        assertThat(Files.exists(Path.of("target/test-data/bri.db"))).isTrue();
    }

    @Test
    void restoreRoundTripAppliesHeldWritesToTheRestoredDatabaseInOrder() throws Exception {
        String kept = TestData.createVideo(30);
        TestData.ingest(kept, TestData.caption("c1", 1, "kept caption"));
        String backupId = create(true);
        String lost = TestData.createVideo(30);
        TestData.ingest(kept, TestData.caption("c2", 2, "lost caption"));
        // read twice so the context of the video is cached (both tiers) with the caption the restore removes
        given().get("/api/v1/videos/{id}/context", kept).then().statusCode(200);
        assertThat(given().get("/api/v1/videos/{id}/context", kept).asString()).contains("lost caption");
        BackupApi.maintenance(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                int n = i;
                held.add(pool.submit(() -> appendTurn(kept, "held-" + n, 201)));
                await().atMost(Duration.ofMinutes(1)).until(() -> BackupApi.heldWrites() >= n + 1);
            }
            String safety = restore("{\"backup_id\":\"" + backupId + "\"}").statusCode(200)
                    .body("status", equalTo("restored")).body("backup_id", equalTo(backupId))
                    .body("verification.status", equalTo("passed"))
                    .extract().path("safety_backup_id");
            assertThat(safety).startsWith("safety-");
            // the operator's maintenance is still on: reads are served from the restored database
            given().get("/api/v1/videos/{id}", lost).then().statusCode(404);
            String context = given().get("/api/v1/videos/{id}/context", kept).then().statusCode(200)
                    .extract().asString();
            assertThat(context).as("caches were flushed").contains("kept caption").doesNotContain("lost caption");
            assertThat(BackupApi.heldWrites()).isEqualTo(3);
            // the safety backup holds what the restore replaced
            admin().get("/admin/backups/{id}", safety).then().statusCode(200).body("kind", equalTo("safety"));
        } finally {
            BackupApi.maintenance(false);
        }
        for (Future<?> f : held) {
            f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        List<String> turns = given().get("/api/v1/videos/{id}/memory", kept).then().statusCode(200)
                .extract().path("turns.content");
        assertThat(turns).containsExactly("held-0", "held-1", "held-2");
    }

    @Test
    void aBackupTakenDuringContinuousWritesRestoresToItsMetadata() throws Exception {
        String video = TestData.createVideo(60);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger acknowledged = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Callable<Void> writer = () -> {
            while (writing.get()) {
                appendTurn(video, "turn-" + acknowledged.get(), 201);
                acknowledged.incrementAndGet();
            }
            return null;
        };
        Future<Void> w1 = pool.submit(writer);
        await().atMost(Duration.ofMinutes(1)).until(() -> acknowledged.get() > 20);
        int before = acknowledged.get();
        Map<String, Object> backup = admin().contentType(ContentType.JSON).body("{\"verify\":true}")
                .post("/admin/backups").then().statusCode(201).extract().path("backup");
        writing.set(false);
        w1.get(2, TimeUnit.MINUTES);
        pool.shutdown();
        assertThat(acknowledged.get()).as("writes went on during the backup").isGreaterThan(before);
        assertThat(backup).extractingByKey("verification").extracting("status").isEqualTo("passed");
        restore("{\"backup_id\":\"" + backup.get("id") + "\"}").statusCode(200).body("status", equalTo("restored"));
        @SuppressWarnings("unchecked")
        Map<String, Integer> expected = (Map<String, Integer>) backup.get("row_counts");
        Map<String, Long> actual = liveCounts();
        for (String table : List.of("videos", "context_items", "memory_turns", "pipeline_events")) {
            assertThat(actual.get(table)).as(table).isEqualTo(expected.get(table).longValue());
        }
        long turns = database.read("test_turns", c -> {
            try (var s = c.prepareStatement("SELECT count(*) FROM memory_turns m JOIN videos v ON v.seq = m.video_seq"
                    + " WHERE v.id = ?")) {
                s.setString(1, video);
                try (var rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        assertThat(turns).as("every write acknowledged before the backup started").isGreaterThanOrEqualTo(before);
        admin().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString(
                "bri_restores_total{result=\"success\"}"));
    }

    /**
     * {@code latest} and {@code backup_id} restore snapshots; {@code at} restores the state at that second from the
     * WAL archive (issue 16), through the same procedure: a video created after the time is gone, one created before
     * it is there. A time no archive covers is a 404 that says so.
     */
    @Test
    void restoreByLatestAndDryRunAndToATime() throws Exception {
        String first = create(false);
        String kept = TestData.createVideo(30);
        Instant between = Instant.now();
        String video = TestData.createVideo(30);
        Instant after = Instant.now();
        // the archive covers a time once the segment holding the commits before it is sealed (one interval)
        await().atMost(Duration.ofSeconds(30)).until(() -> admin().contentType(ContentType.JSON)
                .body("{\"at\":\"" + after + "\",\"dry_run\":true}").post("/admin/restore").statusCode() == 200);
        restore("{\"at\":\"" + between + "\",\"dry_run\":true}").statusCode(200)
                .body("status", equalTo("dry_run")).body("verification.status", equalTo("passed"))
                .body("point_in_time.target", equalTo(between.toString()))
                .body("point_in_time.chain", matchesPattern("chain-[0-9]{8}T[0-9]{9}Z-[0-9a-f]{6}"))
                .body("safety_backup_id", equalTo(null));
        restore("{\"at\":\"2000-01-01T00:00:00Z\"}").statusCode(404)
                .body("detail", org.hamcrest.Matchers.containsString("no archive covers 2000-01-01T00:00:00Z"));
        restore("{\"at\":\"yesterday\"}").statusCode(400);
        restore("{\"at\":\"" + between + "\",\"backup_id\":\"" + first + "\"}").statusCode(400);
        restore("{\"latest\":true,\"backup_id\":\"" + first + "\"}").statusCode(400);
        restore("{}").statusCode(400);
        // a dry run changes nothing
        restore("{\"latest\":true,\"dry_run\":true}").statusCode(200).body("safety_backup_id", equalTo(null));
        given().get("/api/v1/videos/{id}", video).then().statusCode(200);
        // to the second between the two videos: the later one is gone, the earlier one stays, maintenance is left
        restore("{\"at\":\"" + between + "\"}").statusCode(200).body("status", equalTo("restored"))
                .body("safety_backup_id", matchesPattern("safety-.*"))
                .body("point_in_time.target", equalTo(between.toString()));
        given().get("/api/v1/videos/{id}", video).then().statusCode(404);
        given().get("/api/v1/videos/{id}", kept).then().statusCode(200);
        admin().get("/admin/maintenance").then().body("active", equalTo(false));
        // a time before that restore is still in the archive (the chain it replaced): the later video comes back
        restore("{\"at\":\"" + after + "\"}").statusCode(200);
        given().get("/api/v1/videos/{id}", video).then().statusCode(200);
        restore("{\"backup_id\":\"" + first + "\"}").statusCode(200).body("backup_id", equalTo(first));
        given().get("/api/v1/videos/{id}", kept).then().statusCode(404);
        String newest = create(false);
        restore("{\"latest\":true}").statusCode(200).body("backup_id", equalTo(newest));
    }

    @Test
    void aCorruptedBackupFailsVerificationAndRestoreRefusesItChangingNothing() throws Exception {
        String id = create(false);
        String after = TestData.createVideo(30);
        Path file = backups.store().dataFile(new BackupId(id), true);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length() / 2);
            int b = raf.read();
            raf.seek(raf.length() / 2);
            raf.write(b ^ 0x40);
        }
        admin().post("/admin/backups/{id}/verify", id).then().statusCode(200).body("status", equalTo("failed"));
        restore("{\"backup_id\":\"" + id + "\"}").statusCode(409).contentType("application/problem+json");
        given().get("/api/v1/videos/{id}", after).then().statusCode(200);
        admin().get("/admin/maintenance").then().body("active", equalTo(false));
        admin().contentType(ContentType.JSON).body("{}").post("/admin/backups/verify").then().statusCode(200)
                .body("results.find { it.id == '" + id + "' }.status", equalTo("failed"));
        admin().delete("/admin/backups/{id}", id).then().statusCode(204);
        admin().get("/admin/backups/{id}", id).then().statusCode(404);
    }

    @Test
    void aBackupWithoutMetadataIsListedAsAProblemAndNeverPasses() throws Exception {
        String id = create(false);
        Files.delete(backups.store().metadataFile(new BackupId(id)));
        admin().get("/admin/backups").then().body("backups.id", not(hasItem(id)))
                .body("problems.id", hasItem(id));
        admin().post("/admin/backups/{id}/verify", id).then().statusCode(200).body("status", equalTo("failed"));
        restore("{\"backup_id\":\"" + id + "\"}").statusCode(404);
        admin().delete("/admin/backups/{id}", id).then().statusCode(204);
        admin().get("/admin/backups").then().body("problems.id", not(hasItem(id)));
    }

    @Test
    void theNewestVerifiedBackupIsOnlyDeletedWithForce() {
        String id = create(true);
        admin().delete("/admin/backups/{id}", id).then().statusCode(409);
        admin().delete("/admin/backups/{id}?force=true", id).then().statusCode(204);
        admin().delete("/admin/backups/{id}", id).then().statusCode(404);
    }
}
