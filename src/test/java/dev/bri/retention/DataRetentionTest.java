package dev.bri.retention;

import static dev.bri.TestData.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.bri.TestData;
import dev.bri.admin.AuditRecorder;
import dev.bri.cli.BriCli;
import dev.bri.erasure.ErasureConfig;
import dev.bri.erasure.ErasureLedger;
import dev.bri.storage.Timestamps;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention with a controlled clock: what is due is decided by the time handed to the service and by the stored
 * write times (set back in the database, as if written weeks ago).
 */
@QuarkusTest
@TestProfile(RetentionOnProfile.class)
class DataRetentionTest {

    @Inject
    RetentionService retention;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditRecorder audit;

    @Inject
    MeterRegistry registry;

    @Inject
    ErasureConfig erasure;

    @TestHTTPResource("/")
    URL base;

    private final Instant now = Instant.now();

    @Test
    void aVideoIsDueOnlyWhenNeitherItNorItsItemsNorItsTurnsWereWrittenSinceTheCutoff() throws Exception {
        String idle = video(40);
        String recentItem = video(40);
        TestData.ingest(recentItem, TestData.caption("fresh", 2, "new caption"));
        String recentTurn = video(40);
        turn(recentTurn, "still talking about it");
        String recentVideo = TestData.createVideo(10);

        RetentionReport.Videos due = retention.dryRun(now).videos();
        assertThat(due.cutoff()).isEqualTo(Timestamps.format(now.minus(Duration.ofDays(30))));
        assertThat(due.ids()).contains(idle).doesNotContain(recentItem, recentTurn, recentVideo);
        // 31 days later every one of them has been idle for longer than 30 days
        assertThat(retention.dryRun(now.plus(Duration.ofDays(31))).videos().ids())
                .contains(idle, recentItem, recentTurn, recentVideo);
        // the dry run changed nothing
        given().get("/api/v1/videos/{id}", idle).then().statusCode(200);
    }

    @Test
    void aRunErasesDueVideosWithEverythingAboutThemThroughTheLedgerAuditedAndCounted() throws Exception {
        String word = "retainword" + System.nanoTime();
        List<String> idle = List.of(video(45), video(45), video(45));
        for (String id : idle) {
            TestData.ingest(id, TestData.caption("c", 1, word), TestData.objects("o", 1, "cat"));
            backdate(id, 45);
        }
        String kept = video(45);
        TestData.ingest(kept, TestData.caption("c", 1, word));
        given().get("/api/v1/videos/{id}/context", idle.get(0)).then().statusCode(200);
        double videosBefore = counter("bri.retention.erased.videos");
        double itemsBefore = counter("bri.retention.erased.items");

        String requestId = "req-" + UUID.randomUUID();
        given().auth().oauth2(ADMIN_TOKEN).header("X-Request-ID", requestId).post("/admin/retention").then()
                .statusCode(200).body("dry_run", equalTo(false)).body("run_id", equalTo(requestId))
                .body("videos.ids", hasItem(idle.get(2))).body("videos.ids", not(hasItem(kept)));

        for (String id : idle) {
            given().get("/api/v1/videos/{id}", id).then().statusCode(404);
            // the cached context went with it
            given().get("/api/v1/videos/{id}/context", id).then().statusCode(404);
        }
        given().queryParam("q", word).get("/api/v1/videos/{id}/search", kept).then().statusCode(200)
                .body("hits.size()", equalTo(1));
        assertThat(counter("bri.retention.erased.videos") - videosBefore).isGreaterThanOrEqualTo(3);
        assertThat(counter("bri.retention.erased.items") - itemsBefore).isGreaterThanOrEqualTo(6);
        String ledger = Files.readString(erasure.ledgerDir().resolve(ErasureLedger.FILE_NAME),
                StandardCharsets.UTF_8);
        for (String id : idle) {
            assertThat(ledger).contains("\"video_id\":\"" + id + "\",\"request_id\":\"" + requestId
                    + "\",\"reason\":\"retention\"");
            assertThat(audit.events()).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo("retention.erase_video");
                assertThat(e.target()).isEqualTo(id);
                assertThat(e.actor()).isEqualTo("admin");
                assertThat(e.requestId()).isEqualTo(requestId);
            });
        }
        assertThat(ledger).doesNotContain(word);
        assertThat(audit.events()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("retention.run");
            assertThat(e.outcome()).isEqualTo("success");
            assertThat(e.requestId()).isEqualTo(requestId);
        });
    }

    @Test
    void memoryRetentionDropsOnlyOldTurnsInBatchesAndRecordsOneCutoff() throws Exception {
        String video = TestData.createVideo(10);
        for (int i = 0; i < 5; i++) {
            turn(video, "old " + i);
        }
        turn(video, "new");
        sql("UPDATE memory_turns SET created_at = ? WHERE content LIKE 'old %' AND video_seq = "
                + "(SELECT seq FROM videos WHERE id = ?)", Timestamps.format(now.minus(Duration.ofDays(8))), video);
        assertThat(retention.dryRun(now).memory().turns()).isGreaterThanOrEqualTo(5);
        long ledgerLines = ledgerLines();
        String backup = given().auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON).body("{}")
                .post("/admin/backups").then().statusCode(201).extract().path("backup.id");

        RetentionReport report = retention.run(now, "test", "tester");

        assertThat(report.memory().turns()).isGreaterThanOrEqualTo(5);
        assertThat(report.memory().cutoff()).isEqualTo(Timestamps.format(now.minus(Duration.ofDays(7))));
        given().get("/api/v1/videos/{id}/memory", video).then().statusCode(200).body("turns.size()", equalTo(1))
                .body("turns[0].content", equalTo("new"));
        // five turns in batches of two: one ledger record for the cut-off, not one per batch
        assertThat(Files.readAllLines(erasure.ledgerDir().resolve(ErasureLedger.FILE_NAME)).stream()
                .skip(ledgerLines).filter(l -> l.contains("memory_before")).count()).isEqualTo(1);
        assertThat(retention.dryRun(now).memory().turns()).isZero();

        // the backup taken before still holds the old turns; restoring it does not bring them back
        given().auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON).body("{\"backup_id\":\"" + backup + "\"}")
                .post("/admin/restore").then().statusCode(200);
        given().get("/api/v1/videos/{id}/memory", video).then().statusCode(200).body("turns.size()", equalTo(1))
                .body("turns[0].content", equalTo("new"));
        assertThat(audit.events()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("erasure.reapply");
            assertThat(e.target()).isEqualTo("memory before " + report.memory().cutoff());
        });
    }

    @Test
    void aDryRunOverHttpReportsAndRefusesDryRunFalse() {
        String idle = video(60);
        given().auth().oauth2(ADMIN_TOKEN).queryParam("dry_run", true).get("/admin/retention").then()
                .statusCode(200).body("dry_run", equalTo(true)).body("videos.retention", equalTo("PT720H"))
                .body("memory.retention", equalTo("PT168H")).body("videos.ids", hasItem(idle));
        given().auth().oauth2(ADMIN_TOKEN).queryParam("dry_run", false).get("/admin/retention").then()
                .statusCode(400).contentType("application/problem+json");
        given().queryParam("dry_run", true).get("/admin/retention").then().statusCode(401);
        given().get("/api/v1/videos/{id}", idle).then().statusCode(200);
    }

    @Test
    void theCliReportsWhatIsDueAndRunsIt(@TempDir Path tmp) throws Exception {
        String idle = video(50);
        Path token = Files.writeString(tmp.resolve("token"), ADMIN_TOKEN);
        String[] target = {"--url", base.toString(), "--token-file", token.toString()};

        Captured dry = cli("retention", target);
        assertThat(dry.exit()).isZero();
        assertThat(dry.out()).contains("\"dry_run\" : true").contains(idle);
        given().get("/api/v1/videos/{id}", idle).then().statusCode(200);

        Captured run = cli("retention", concat(target, "--run"));
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("\"dry_run\" : false").contains(idle);
        given().get("/api/v1/videos/{id}", idle).then().statusCode(404);

        assertThat(cli("retention").exit()).as("offline is refused: retention needs the service").isEqualTo(2);
        Files.writeString(token, "wrong-token");
        Captured denied = cli("retention", target);
        assertThat(denied.exit()).isEqualTo(1);
        assertThat(denied.err()).contains("HTTP 401");
    }

    record Captured(int exit, String out, String err) {
    }

    private static synchronized Captured cli(String command, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int exit = BriCli.run(concat(new String[]{command}, args));
            return new Captured(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** A video with one item, written {@code days} ago. */
    private String video(int days) {
        String id = TestData.createVideo(30);
        TestData.ingest(id, TestData.caption("c0", 0, "old caption"));
        try {
            backdate(id, days);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    private void backdate(String id, int days) throws Exception {
        String at = Timestamps.format(now.minus(Duration.ofDays(days)));
        sql("UPDATE videos SET created_at = ?, updated_at = ? WHERE id = ?", at, at, id);
        sql("UPDATE context_items SET created_at = ?, updated_at = ? WHERE video_seq = "
                + "(SELECT seq FROM videos WHERE id = ?)", at, at, id);
    }

    private static void turn(String videoId, String content) {
        given().contentType(ContentType.JSON).body("{\"role\":\"user\",\"content\":\"" + content + "\"}")
                .post("/api/v1/videos/{id}/memory", videoId).then().statusCode(201);
    }

    private long ledgerLines() throws Exception {
        var file = erasure.ledgerDir().resolve(ErasureLedger.FILE_NAME);
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private void sql(String statement, String... args) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }
}
