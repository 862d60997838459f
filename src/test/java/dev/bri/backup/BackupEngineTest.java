package dev.bri.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup engine on real SQLite files, with a writer committing the whole time. */
class BackupEngineTest {

    @TempDir
    Path tmp;

    private static BackupMetadata take(LiveDb db, BackupStore store, boolean gzip) throws Exception {
        BackupEngine engine = new BackupEngine();
        BackupId id = BackupId.next(BackupKind.BACKUP, Instant.now());
        return engine.create(work -> {
            try (Connection c = db.open()) {
                work.run(c);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }, db.file, store, id, "cli", new BackupEngine.Options(gzip, 1, "test"));
    }

    @Test
    void backupsTakenDuringContinuousWritesAreConsistentAndRestoreToTheirMetadata() throws Exception {
        BackupStore store = new BackupStore(tmp.resolve("backups"));
        List<BackupMetadata> taken = new ArrayList<>();
        List<Long> committedBefore = new ArrayList<>();
        try (LiveDb db = new LiveDb(tmp.resolve("live.db"))) {
            db.write(400); // ~4 MB to copy, so writes land while the copy runs
            db.startWriter();
            for (int i = 0; i < 6; i++) {
                long before = db.committedBatches.get();
                committedBefore.add(before);
                taken.add(take(db, store, i % 2 == 0));
                assertThat(db.committedBatches.get()).as("the writer kept committing").isGreaterThan(before);
            }
        }
        BackupVerifier verifier = new BackupVerifier();
        for (int i = 0; i < taken.size(); i++) {
            BackupMetadata b = taken.get(i);
            long batches = b.rowCounts().get("batch");
            assertThat(b.rowCounts().get("item")).as("one transaction, all or nothing")
                    .isEqualTo(batches * LiveDb.ROWS_PER_TX);
            assertThat(batches).as("holds every commit made before the backup started")
                    .isGreaterThanOrEqualTo(committedBefore.get(i));
            assertThat(verifier.verify(store, b.backupId()).status()).isEqualTo(Verification.PASSED);
            // restore the backup into a fresh database file and compare with the metadata
            Path restored = tmp.resolve("restored-" + i + "/bri.db");
            Files.createDirectories(restored.getParent());
            RestoreFiles.swap(RestoreFiles.stage(store, b, restored.resolveSibling(".restore.db"),
                    RestoreProgress.NONE), restored);
            assertThat(RestoreFiles.integrity(restored)).isEqualTo("ok");
            try (Connection c = SqliteFiles.open(restored, true)) {
                assertThat(SqliteFiles.rowCounts(c)).isEqualTo(b.rowCounts());
            }
        }
        try (Stream<Path> files = Files.list(store.dir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("only committed backups and the lock file: no temporaries, no -wal/-shm")
                    .allMatch(n -> n.equals(".lock") || n.matches(BackupId.REGEX + "\\.(db|db\\.gz|json)"));
        }
    }

    @Test
    void aFlippedByteMakesVerificationFailAndRestoreStagingRefuseIt() throws Exception {
        BackupStore store = new BackupStore(tmp.resolve("backups"));
        BackupMetadata plain;
        BackupMetadata gz;
        try (LiveDb db = new LiveDb(tmp.resolve("live.db"))) {
            db.write(50);
            plain = take(db, store, false);
            gz = take(db, store, true);
        }
        BackupVerifier verifier = new BackupVerifier();
        assertThat(verifier.verify(store, plain.backupId()).passed()).isTrue();
        assertThat(verifier.verify(store, gz.backupId()).passed()).isTrue();
        for (BackupMetadata b : List.of(plain, gz)) {
            Path file = store.dir().resolve(b.file());
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                long at = raf.length() / 2;
                raf.seek(at);
                int v = raf.read();
                raf.seek(at);
                raf.write(v ^ 0x01);
            }
            Verification v = verifier.verify(store, b.backupId());
            assertThat(v.status()).isEqualTo(Verification.FAILED);
            assertThat(v.detail()).contains("checksum mismatch");
            Path db = tmp.resolve("restore-target/bri.db");
            Files.createDirectories(db.getParent());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RestoreFiles.stage(store, b,
                    db.resolveSibling(".restore.db"), RestoreProgress.NONE))
                    .hasMessageContaining(b.compression() == Compression.GZIP ? "" : "checksum mismatch");
            assertThat(db.getParent().toFile().list()).as("nothing staged").isEmpty();
        }
    }

    @Test
    void aBackupWithoutMetadataOrWithAForgedChecksumIsNeverPassed() throws Exception {
        BackupStore store = new BackupStore(tmp.resolve("backups"));
        BackupMetadata b;
        BackupMetadata c;
        try (LiveDb db = new LiveDb(tmp.resolve("live.db"))) {
            db.write(20);
            b = take(db, store, true);
            db.write(5);
            c = take(db, store, false);
        }
        Files.delete(store.metadataFile(b.backupId()));
        Verification v = new BackupVerifier().verify(store, b.backupId());
        assertThat(v.status()).isEqualTo(Verification.FAILED);
        assertThat(v.detail()).contains("no metadata");
        assertThat(store.list()).extracting(BackupMetadata::id).containsExactly(c.id());
        assertThat(store.problems()).extracting(Verification::id).containsExactly(b.id());
        // metadata whose row counts lie (checksum fine, content disagrees) fails too
        java.util.Map<String, Long> lie = new java.util.TreeMap<>(c.rowCounts());
        lie.put("item", lie.get("item") + 1);
        store.write(new BackupMetadata(c.id(), c.kind(), c.createdAt(), c.trigger(), c.appVersion(),
                c.schemaVersion(), c.sqliteVersion(), c.pageSize(), c.file(), c.compression(), c.databaseBytes(),
                c.backupBytes(), c.sha256(), lie, c.durationSeconds(), c.verification()));
        Verification w = new BackupVerifier().verify(store, c.backupId());
        assertThat(w.status()).isEqualTo(Verification.FAILED);
        assertThat(w.detail()).contains("row counts differ");
    }

    @Test
    void aProcessKilledMidBackupLeavesNoVisiblePartialBackup() throws Exception {
        Path backups = tmp.resolve("backups");
        Path live = tmp.resolve("live.db");
        try (LiveDb db = new LiveDb(live)) {
            db.write(1000);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int round = 0; round < 3; round++) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    BackupLoop.class.getName(), live.toString(), backups.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("loop-" + round + ".log").toFile()).start();
            // kill -9 as soon as a backup is half written (its temporary file exists)
            boolean midway = false;
            while (p.isAlive() && !midway) {
                try (Stream<Path> files = Files.exists(backups) ? Files.list(backups) : Stream.empty()) {
                    midway = files.anyMatch(f -> f.getFileName().toString().startsWith(".tmp-"));
                }
            }
            p.destroyForcibly();
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(midway).as("the loop process was killed while writing a backup").isTrue();
        }
        BackupStore store = new BackupStore(backups);
        BackupVerifier verifier = new BackupVerifier();
        for (BackupMetadata b : store.list()) {
            assertThat(verifier.verify(store, b.backupId()).passed()).as(b.id()).isTrue();
        }
        // the next backup clears the leftovers of the killed ones
        try (LiveDb db = new LiveDb(live); BackupLock lock = BackupLock.acquire(store, "test")) {
            store.cleanupTemporaries();
            BackupMetadata fresh = take(db, store, true);
            assertThat(verifier.verify(store, fresh.backupId()).passed()).isTrue();
        }
        try (Stream<Path> files = Files.list(backups)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
        }
    }

    @Test
    void oneBackupAtATimePerDirectoryNamingTheRunningOne() throws Exception {
        BackupStore store = new BackupStore(tmp.resolve("backups"));
        try (BackupLock first = BackupLock.acquire(store, "backup-one")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> BackupLock.acquire(store, "backup-two"))
                    .isInstanceOfSatisfying(BackupBusyException.class,
                            e -> assertThat(e.runningId()).isEqualTo("backup-one"));
        }
        BackupLock.acquire(store, "backup-three").close();
    }
}
