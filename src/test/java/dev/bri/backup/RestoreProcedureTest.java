package dev.bri.backup;

import static dev.bri.backup.BackupApi.admin;
import static dev.bri.backup.BackupApi.create;
import static dev.bri.backup.BackupApi.restore;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The restore procedure's extension points in the running service: hooks see the restored point, and roll back. */
@QuarkusTest
class RestoreProcedureTest {

    @Inject
    ScriptedRestoreHook hook;

    @Inject
    BackupService backups;

    @Inject
    dev.bri.archive.ArchiveService archive;

    @Test
    void hooksRunOnTheRestoredDatabaseWithTheRestoredPoint() {
        String video = TestData.createVideo(30);
        TestData.ingest(video, TestData.caption("c1", 1, "kept"));
        String backupId = create(true);
        BackupMetadata backup = backups.find(new BackupId(backupId)).orElseThrow();
        TestData.createVideo(30);
        int before = hook.calls().size();

        String safety = restore("{\"backup_id\":\"" + backupId + "\"}").statusCode(200)
                .body("status", equalTo("restored"))
                .body("steps", hasItem(containsString("ScriptedRestoreHook done")))
                .extract().path("safety_backup_id");

        List<ScriptedRestoreHook.Call> calls = hook.calls().subList(before, hook.calls().size());
        assertThat(calls).hasSize(1);
        ScriptedRestoreHook.Call call = calls.get(0);
        assertThat(call.method()).isEqualTo("afterRestore");
        assertThat(call.point().id()).isEqualTo(backupId);
        assertThat(call.point().time()).isEqualTo(backup.created());
        assertThat(call.safetyBackupId()).isEqualTo(safety);
        assertThat(call.videos()).as("the hook read the restored database").isEqualTo(backup.rowCounts().get("videos"));
    }

    @Test
    void aFailureAfterTheSwapRollsBackToTheSafetyBackupAndTheOldDataIsServed() {
        String video = TestData.createVideo(30);
        TestData.ingest(video, TestData.caption("c1", 1, "in the backup"));
        String backupId = create(true);
        TestData.ingest(video, TestData.caption("c2", 2, "written after the backup"));
        String later = TestData.createVideo(30);
        int before = hook.calls().size();
        hook.failNextRestore("injected failure after the swap");

        String detail = restore("{\"backup_id\":\"" + backupId + "\"}").statusCode(503)
                .header("Retry-After", "5")
                .body("detail", containsString("injected failure after the swap"))
                .body("detail", containsString("rolled back to safety backup safety-"))
                .extract().path("detail");

        // the service keeps serving the data it had before the restore, and takes writes again
        given().get("/api/v1/videos/{id}/context", video).then().statusCode(200).body("captions", hasSize(2));
        given().get("/api/v1/videos/{id}", later).then().statusCode(200);
        TestData.ingest(video, TestData.caption("c3", 3, "written after the rollback"));
        given().get("/api/v1/videos/{id}/context", video).then().statusCode(200).body("captions", hasSize(3));
        admin().get("/admin/maintenance").then().body("active", equalTo(false));

        List<ScriptedRestoreHook.Call> calls = hook.calls().subList(before, hook.calls().size());
        assertThat(calls).extracting(ScriptedRestoreHook.Call::method).containsExactly("afterRestore", "afterRollback");
        String safety = calls.get(1).safetyBackupId();
        assertThat(detail).contains(safety);
        assertThat(calls.get(1).point().id()).as("after the rollback the database holds the safety backup")
                .isEqualTo(safety);
        admin().get("/q/metrics").then().body(containsString("bri_restores_total{result=\"rolled_back\"}"));
    }

    @Test
    void aPointInTimeRestoreThatFailsAfterTheSwapRollsBackToTheSafetyBackupAndTheOldDataIsServed() {
        // a chain is being archived before the writes: after an earlier test's restore the stretch until the next
        // chain starts is covered by no archive (its writes are in the new chain's base)
        await().atMost(Duration.ofSeconds(30)).until(() -> "archiving".equals(archive.status().state()));
        String video = TestData.createVideo(30);
        TestData.ingest(video, TestData.caption("p1", 1, "before the target time"));
        Instant target = Instant.now();
        TestData.ingest(video, TestData.caption("p2", 2, "after the target time"));
        String later = TestData.createVideo(30);
        Instant after = Instant.now();
        // the archive covers a time once the segment holding the commits before it is sealed (one interval)
        await().atMost(Duration.ofSeconds(30)).until(() -> admin().contentType(ContentType.JSON)
                .body("{\"at\":\"" + after + "\",\"dry_run\":true}").post("/admin/restore").statusCode() == 200);
        int before = hook.calls().size();
        hook.failNextRestore("injected failure after the point-in-time swap");

        String detail = restore("{\"at\":\"" + target + "\"}").statusCode(503).header("Retry-After", "5")
                .body("detail", containsString("injected failure after the point-in-time swap"))
                .body("detail", containsString("rolled back to safety backup safety-")).extract().path("detail");

        List<ScriptedRestoreHook.Call> calls = hook.calls().subList(before, hook.calls().size());
        assertThat(calls).extracting(ScriptedRestoreHook.Call::method).containsExactly("afterRestore", "afterRollback");
        assertThat(calls.get(0).videos()).as("the swapped-in database was the state at the target time")
                .isLessThan(calls.get(1).videos());
        String safety = calls.get(1).safetyBackupId();
        assertThat(detail).contains(safety);
        assertThat(calls.get(1).point().id()).as("after the rollback the database holds the safety backup")
                .isEqualTo(safety);
        // the service serves what it had before the restore (both captions, the later video), and takes writes again
        given().get("/api/v1/videos/{id}/context", video).then().statusCode(200).body("captions", hasSize(2));
        given().get("/api/v1/videos/{id}", later).then().statusCode(200);
        TestData.ingest(video, TestData.caption("p3", 3, "written after the rollback"));
        given().get("/api/v1/videos/{id}/context", video).then().statusCode(200).body("captions", hasSize(3));
        admin().get("/admin/maintenance").then().body("active", equalTo(false));
    }
}
