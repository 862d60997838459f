package dev.bri.backup;

import static dev.bri.backup.BackupApi.admin;
import static dev.bri.backup.BackupApi.create;
import static dev.bri.backup.BackupApi.restore;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.bri.TestData;
import dev.bri.storage.Database;
import dev.bri.storage.SqlWork;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Restores racing writers of several batch sizes (one of 2,000 captions of 2,000 characters): every write answered
 * 2xx is in the safety backup (acknowledged before the restore began) or in the restored database (held, applied
 * after the restore); a write refused with 503 is in neither; restoring the safety backup undoes the restore.
 */
@QuarkusTest
class RestoreUnderWritesTest {

    private static final int[] BATCH_SIZES = {1, 25, 400, 2000};
    private static final String TEXT = "a person walks a dog along the river while a cyclist passes by ".repeat(32)
            .substring(0, 2000);
    /** How long after the large writer sent a batch the restore starts: the gate closes at different points. */
    private static final long[] RESTORE_DELAYS_MS = {0, 100, 300, 0};

    @Inject
    Database database;

    @Inject
    BackupService backups;

    /** One batch a writer sent, and what the service answered. */
    record Batch(String video, List<String> itemIds, int status, long answeredNanos) {
        boolean acknowledged() {
            return status / 100 == 2;
        }
    }

    /** A writer posting batches of one size to its own video until stopped. */
    final class Writer implements Runnable {
        final String video;
        final int writer;
        final int size;
        final int round;
        final List<Batch> batches = new ArrayList<>();
        final AtomicInteger acknowledged = new AtomicInteger();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicBoolean running;

        Writer(String video, int writer, int size, int round, AtomicBoolean running) {
            this.video = video;
            this.writer = writer;
            this.size = size;
            this.round = round;
            this.running = running;
        }

        @Override
        public void run() {
            for (int b = 0; running.get(); b++) {
                List<String> ids = new ArrayList<>(size);
                StringBuilder body = new StringBuilder(size * (TEXT.length() + 300)).append("{\"items\":[");
                for (int i = 0; i < size; i++) {
                    String id = "w" + writer + "-r" + round + "-b" + b + "-i" + i;
                    ids.add(id);
                    body.append(i == 0 ? "" : ",").append(TestData.caption(id, i % 3000, TEXT));
                }
                body.append("]}");
                sent.incrementAndGet();
                Response response = given().contentType(ContentType.JSON).body(body.toString())
                        .post("/api/v1/videos/{id}/context", video);
                long answered = System.nanoTime();
                int status = response.statusCode();
                if (status == 200) {
                    assertThat(response.jsonPath().getInt("inserted")).as(video + " batch " + b).isEqualTo(size);
                    acknowledged.incrementAndGet();
                } else {
                    assertThat(status).as("only maintenance may refuse a write: " + response.asString())
                            .isEqualTo(503);
                }
                synchronized (batches) {
                    batches.add(new Batch(video, ids, status, answered));
                }
            }
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesARestoreAndTheSafetyBackupUndoesIt() throws Exception {
        List<String> videos = new ArrayList<>();
        for (int i = 0; i < BATCH_SIZES.length; i++) {
            videos.add(TestData.createVideo(3600));
        }
        String target = create(true);
        for (int round = 0; round < RESTORE_DELAYS_MS.length; round++) {
            raceOneRestore(round, videos, target);
        }
    }

    private void raceOneRestore(int round, List<String> videos, String target) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Writer> writers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(BATCH_SIZES.length);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < BATCH_SIZES.length; w++) {
            Writer writer = new Writer(videos.get(w), w, BATCH_SIZES[w], round, running);
            writers.add(writer);
            futures.add(pool.submit(writer));
        }
        Writer large = writers.get(writers.size() - 1);
        String marker = "stalled-write-round-" + round;
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService side = Executors.newFixedThreadPool(2);
        String safety;
        long restoreRequested;
        Future<Boolean> stall;
        try {
            await().atMost(Duration.ofMinutes(5)).until(() -> large.acknowledged.get() >= 1);
            int sent = large.sent.get();
            await().atMost(Duration.ofMinutes(5)).until(() -> large.sent.get() > sent);
            Thread.sleep(RESTORE_DELAYS_MS[round]);
            // A write that is past the gate when it closes and still running: it holds the writer, so the writers'
            // batches that passed the gate queue behind it. It is acknowledged (returns) only after it committed.
            Set<String> safetiesBefore = safetyIds();
            stall = side.submit(() -> {
                database.write("test_stalled_write", c -> {
                    stalled.countDown();
                    await().atMost(Duration.ofMinutes(5)).until(() -> release.getCount() == 0);
                    try (var s = c.prepareStatement("INSERT INTO memory_turns (video_seq, role, content, created_at)"
                            + " SELECT seq, 'user', ?, '2026-01-01T00:00:00Z' FROM videos WHERE id = ?")) {
                        s.setString(1, marker);
                        s.setString(2, videos.get(0));
                        assertThat(s.executeUpdate()).isEqualTo(1);
                    }
                    return null;
                });
                return true;
            });
            assertThat(stalled.await(5, TimeUnit.MINUTES)).isTrue();
            restoreRequested = System.nanoTime();
            Future<String> restored = side.submit(() -> restore("{\"backup_id\":\"" + target + "\"}")
                    .statusCode(200).body("status", equalTo("restored")).extract().<String>path("safety_backup_id"));
            // let the write go once the restore has taken its safety backup without it (the defect) or is seen
            // waiting for the writes still running behind the closed gate (the fix)
            await().atMost(Duration.ofMinutes(5)).until(() -> !safetiesBefore.containsAll(safetyIds())
                    || waitingForRunningWrites());
            release.countDown();
            assertThat(stall.get(5, TimeUnit.MINUTES)).as("the stalled write was acknowledged").isTrue();
            safety = restored.get(5, TimeUnit.MINUTES);
            // writes go on after the restore: the held ones are applied, new ones land on the restored database
            int[] after = writers.stream().mapToInt(w -> w.acknowledged.get()).toArray();
            await().atMost(Duration.ofMinutes(5)).until(() -> {
                for (int w = 0; w < writers.size(); w++) {
                    if (writers.get(w).acknowledged.get() <= after[w]) {
                        return false;
                    }
                }
                return true;
            });
        } finally {
            release.countDown();
            running.set(false);
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            side.shutdown();
        }

        List<Batch> batches = new ArrayList<>();
        writers.forEach(w -> batches.addAll(w.batches));
        BackupMetadata safetyMeta = backups.find(new BackupId(safety)).orElseThrow();
        Set<String> inSafety = this.<Set<String>>inBackup(safetyMeta, c -> items(c, videos));
        Set<String> live = database.<Set<String>>read("test_items", c -> items(c, videos));
        int beforeGate = 0;
        int afterRestore = 0;
        for (Batch batch : batches) {
            String what = "round " + round + " " + batch.itemIds().get(0) + ".. (" + batch.itemIds().size()
                    + " items, answered " + batch.status() + ")";
            boolean wholeInSafety = inSafety.containsAll(batch.itemIds());
            boolean wholeLive = live.containsAll(batch.itemIds());
            assertThat(batch.itemIds().stream().filter(inSafety::contains).count()).as(what + ": all or nothing")
                    .isIn(0L, (long) batch.itemIds().size());
            assertThat(batch.itemIds().stream().filter(live::contains).count()).as(what + ": all or nothing")
                    .isIn(0L, (long) batch.itemIds().size());
            if (!batch.acknowledged()) {
                assertThat(wholeLive || wholeInSafety).as(what + ": refused, so never applied").isFalse();
                continue;
            }
            assertThat(wholeInSafety || wholeLive).as(what + ": acknowledged, so in the safety backup or applied"
                    + " after the restore").isTrue();
            assertThat(wholeInSafety && wholeLive).as(what + ": applied once, before or after the gate").isFalse();
            if (batch.answeredNanos() < restoreRequested) {
                assertThat(wholeInSafety).as(what + ": acknowledged before the restore was requested").isTrue();
            }
            beforeGate += wholeInSafety ? 1 : 0;
            afterRestore += wholeLive ? 1 : 0;
        }
        List<String> safetyTurns = this.<List<String>>inBackup(safetyMeta, c -> turns(c, videos.get(0)));
        assertThat(safetyTurns).as("round " + round
                + ": a write acknowledged after the gate closed, having passed it before").contains(marker);
        assertThat(beforeGate).as("round " + round + ": writes acknowledged before the gate").isPositive();
        assertThat(afterRestore).as("round " + round + ": writes applied after the restore").isPositive();

        // restoring the safety backup undoes the restore: exactly the state it replaced
        restore("{\"backup_id\":\"" + safety + "\"}").statusCode(200).body("status", equalTo("restored"));
        Set<String> undone = database.<Set<String>>read("test_items", c -> items(c, videos));
        assertThat(undone).isEqualTo(inSafety);
        Map<String, Long> counts = database.read("test_counts", SqliteFiles::rowCounts);
        assertThat(counts).isEqualTo(safetyMeta.rowCounts());
        admin().get("/admin/backups/{id}", safety).then().statusCode(200).body("kind", equalTo("safety"));
        // back to the small target so every round's safety backup is quick to take (the race stays tight)
        restore("{\"backup_id\":\"" + target + "\"}").statusCode(200);
    }

    private <T> T inBackup(BackupMetadata meta, SqlWork<T> query) throws Exception {
        Path dir = Files.createTempDirectory("restore-race");
        Path staged = RestoreFiles.stage(backups.store(), meta, dir.resolve("bri.db"), RestoreProgress.NONE);
        try (Connection c = SqliteFiles.open(staged, true)) {
            return query.run(c);
        } finally {
            Files.deleteIfExists(staged);
            Files.deleteIfExists(dir);
        }
    }

    private Set<String> safetyIds() {
        return backups.list().stream().filter(b -> b.kind() == BackupKind.SAFETY).map(BackupMetadata::id)
                .collect(Collectors.toSet());
    }

    /** Maintenance on and writes that passed the gate before it closed still running. */
    private static boolean waitingForRunningWrites() {
        Map<String, Object> state = admin().get("/admin/maintenance").then().statusCode(200).extract().path("");
        return Boolean.TRUE.equals(state.get("active")) && state.get("writes_running") instanceof Integer n && n > 0;
    }

    private static List<String> turns(Connection c, String video) throws SQLException {
        List<String> turns = new ArrayList<>();
        try (var s = c.prepareStatement("SELECT m.content FROM memory_turns m JOIN videos v ON v.seq = m.video_seq"
                + " WHERE v.id = ? ORDER BY m.seq")) {
            s.setString(1, video);
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    turns.add(rs.getString(1));
                }
            }
        }
        return turns;
    }

    private static Set<String> items(Connection c, List<String> videos) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (var s = c.prepareStatement("SELECT i.item_id FROM context_items i JOIN videos v ON v.seq = i.video_seq"
                + " WHERE v.id = ?")) {
            for (String video : videos) {
                s.setString(1, video);
                try (var rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
        }
        return ids;
    }
}
