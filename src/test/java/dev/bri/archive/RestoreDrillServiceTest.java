package dev.bri.archive;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bri.TestData;
import dev.bri.io.CheckHistory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The restore drill and the live quick_check in the running service, triggered on demand (the schedule runs the same
 * method): results, metrics, log events and the endpoints the ops page reads. The drill's failure is a real fault: a
 * sealed segment of the live archive moved away.
 */
@QuarkusTest
class RestoreDrillServiceTest {

    @Inject
    ArchiveService archive;

    private static double metric(String series) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(metrics);
        assertThat(m.find()).as(series + " exported").isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static JsonPath drill() {
        return given().auth().oauth2(TestData.ADMIN_TOKEN).post("/admin/backups/drill").then().statusCode(200)
                .extract().jsonPath();
    }

    private static List<String> logMessages(String q) {
        return given().auth().oauth2(TestData.ADMIN_TOKEN).queryParam("q", q).get("/ops/api/logs").then()
                .statusCode(200).extract().jsonPath().getList("records.message");
    }

    /** The drill history as the next start will read it. */
    private CheckHistory<RestoreDrill.Result> history() {
        return new CheckHistory<>(archive.store().root().getParent().resolve(RestoreDrillService.HISTORY),
                RestoreDrill.Result.class);
    }

    private Path newestSegmentWithTransactions(String chain) throws Exception {
        List<ArchiveStore.SegmentRef> refs = archive.store().segments(new ChainId(chain));
        for (int i = refs.size() - 1; i >= 0; i--) {
            if (SegmentFile.footer(refs.get(i).file()).transactions() > 0) {
                return refs.get(i).file();
            }
        }
        throw new AssertionError("no segment of " + chain + " holds a transaction");
    }

    @Test
    void aDrillPassesThenAMissingSegmentFailsItVisiblyAndANewChainRestoresAgain() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> "archiving".equals(archive.status().state()));
        TestData.createVideo(60);
        double passedBefore = metric("bri_backup_drill_runs_total{result=\"passed\"}");
        double failedBefore = metric("bri_backup_drill_runs_total{result=\"failed\"}");

        JsonPath passed = drill();
        assertThat(passed.getString("result")).as(passed.getString("detail")).isEqualTo("passed");
        assertThat(passed.getMap("row_counts")).containsKeys("videos", "context_items", "memory_turns");
        assertThat(passed.getLong("row_counts.videos")).isPositive();
        assertThat(passed.getList("mismatches")).isEmpty();
        assertThat(metric("bri_backup_drill_runs_total{result=\"passed\"}")).isEqualTo(passedBefore + 1);
        assertThat(metric("bri_backup_drill_last_success_timestamp_seconds")).isPositive();
        assertThat(logMessages("backup.drill_passed")).anyMatch(m -> m.contains("chain=" + passed.getString("chain")));
        assertThat(given().auth().oauth2(TestData.ADMIN_TOKEN).get("/admin/backups/drill").then().statusCode(200)
                .extract().jsonPath().getString("last.result")).isEqualTo("passed");
        assertThat(archive.store().root().getParent().resolve(".drill")).as("scratch space removed").doesNotExist();
        CheckHistory<RestoreDrill.Result> saved = history();
        assertThat(saved.last().result()).as("kept for the next start").isEqualTo("passed");
        assertThat((double) saved.lastSuccessEpochSeconds())
                .isEqualTo(metric("bri_backup_drill_last_success_timestamp_seconds"));

        // a sealed segment of the chain disappears from the backup volume
        String chain = passed.getString("chain");
        TestData.createVideo(60);
        Path victim = newestSegmentWithTransactions(chain);
        Path aside = Files.createTempDirectory("drill-fault").resolve(victim.getFileName());
        Files.move(victim, aside);
        JsonPath failed;
        try {
            failed = drill();
        } finally {
            Files.move(aside, victim);
        }
        assertThat(failed.getString("result")).isEqualTo("failed");
        assertThat(failed.getString("stage")).isEqualTo("plan");
        assertThat(failed.getString("detail")).contains("missing");
        assertThat(metric("bri_backup_drill_runs_total{result=\"failed\"}")).isEqualTo(failedBefore + 1);
        assertThat(metric("bri_backup_drill_last_failure_timestamp_seconds"))
                .isGreaterThanOrEqualTo(metric("bri_backup_drill_last_success_timestamp_seconds"));
        assertThat(logMessages("backup.drill_failed")).anyMatch(m -> m.contains("stage=plan"));
        assertThat(given().auth().oauth2(TestData.ADMIN_TOKEN).get("/admin/backups/drill").then().statusCode(200)
                .extract().jsonPath().getString("last.stage")).isEqualTo("plan");
        assertThat(history().last().stage()).isEqualTo("plan");
        assertThat((double) history().lastFailureEpochSeconds())
                .isEqualTo(metric("bri_backup_drill_last_failure_timestamp_seconds"));

        // the chain that did not restore was ended; the next one (fresh base) passes the drill
        await().atMost(Duration.ofSeconds(60)).until(() -> "archiving".equals(archive.status().state())
                && !chain.equals(archive.status().chain()));
        assertThat(archive.store().manifest(new ChainId(archive.status().chain())).orElseThrow().reason())
                .isEqualTo("drill_failed");
        JsonPath again = drill();
        assertThat(again.getString("result")).as(again.getString("detail")).isEqualTo("passed");
    }

    /** Compaction deleting merged sources while a drill reads them would fail a sound archive: they never overlap. */
    @Test
    void maintenanceSkipsItsPassWhileADrillRuns() {
        assertThat(archive.withoutMaintenance(() -> archive.maintainNow())).isFalse();
        assertThat(archive.maintainNow()).isTrue();
    }

    @Test
    void quickCheckOfTheLiveDatabaseOnDemand() {
        double before = metric("bri_storage_quick_check_runs_total{result=\"ok\"}");
        JsonPath r = given().auth().oauth2(TestData.ADMIN_TOKEN).post("/admin/storage/quick-check").then()
                .statusCode(200).extract().jsonPath();
        assertThat(r.getString("result")).as(r.getString("detail")).isEqualTo("ok");
        assertThat(r.getList("problems")).isEmpty();
        assertThat(metric("bri_storage_quick_check_runs_total{result=\"ok\"}")).isEqualTo(before + 1);
        assertThat(metric("bri_storage_quick_check_last_success_timestamp_seconds")).isPositive();
        assertThat(metric("bri_storage_quick_check_last_failure_timestamp_seconds")).isZero();
        assertThat(given().auth().oauth2(TestData.ADMIN_TOKEN).get("/admin/storage/quick-check").then()
                .statusCode(200).extract().jsonPath().getString("last.result")).isEqualTo("ok");
        given().post("/admin/storage/quick-check").then().statusCode(401);
        given().post("/admin/backups/drill").then().statusCode(401);
    }
}
