package dev.bri.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.cli.BriCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup restore --at} offline, from the archive alone: to a new file, into an empty data directory, and over an
 * existing database through the shared restore procedure (safety backup first).
 */
class PointInTimeCliTest {

    @TempDir
    Path tmp;

    private static int cli(String... args) {
        return BriCli.run(args);
    }

    @Test
    void restoresToATimeIntoANewFileAndIntoAnEmptyDataDirectoryAndRefusesWhatTheArchiveDoesNotCover()
            throws Exception {
        Path backups = tmp.resolve("backups");
        ArchiveDb.Observed middle;
        ArchiveDb.Observed last;
        java.time.Instant beforeArchive;
        try (ArchiveDb db = new ArchiveDb(tmp.resolve("live.db"))) {
            beforeArchive = java.time.Instant.now();
            WalArchiver archiver = new WalArchiver(db.file, new ArchiveStore(backups), Clock.systemUTC(), db.writes(),
                    new WalArchiver.Events() {
                    }, new WalArchiver.Options(true, Duration.ofSeconds(1), 50, 64L << 20, Duration.ofDays(1),
                            Duration.ZERO, true, 1, "test"));
            db.attach(archiver);
            archiver.open();
            archiver.tick();
            for (int i = 0; i < 8; i++) {
                db.write(4);
                archiver.tick();
            }
            middle = db.observed.get(15);
            last = db.last();
            archiver.close();
        }
        Path file = tmp.resolve("out/at-middle.db");
        assertThat(cli("backup", "restore", "--at=" + middle.at(), "--to-file=" + file, "--backup-dir=" + backups))
                .isZero();
        assertThat(ArchiveDb.stateOf(file)).isEqualTo(middle.content());
        assertThat(cli("backup", "restore", "--at=" + middle.at(), "--to-file=" + file, "--backup-dir=" + backups))
                .as("never overwrites").isEqualTo(1);

        Path data = tmp.resolve("empty-data");
        assertThat(cli("backup", "restore", "--at=latest", "--dry-run", "--data-dir=" + data,
                "--backup-dir=" + backups)).isZero();
        assertThat(data.resolve("bri.db")).doesNotExist();
        assertThat(cli("backup", "restore", "--at=latest", "--yes", "--data-dir=" + data, "--backup-dir=" + backups))
                .isZero();
        assertThat(ArchiveDb.stateOf(data.resolve("bri.db"))).isEqualTo(last.content());
        OfflinePointInTime offline = new OfflinePointInTime(data, backups);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> offline.intoDataDir(offline.plan(null)))
                .hasMessageContaining("exists");
        // over the database that is there now: the shared restore procedure, with a safety backup of it first
        dev.bri.backup.BackupStore snapshots = new dev.bri.backup.BackupStore(backups);
        assertThat(snapshots.list()).noneMatch(b -> b.kind() == dev.bri.backup.BackupKind.SAFETY);
        assertThat(cli("backup", "restore", "--at=" + middle.at(), "--yes", "--data-dir=" + data,
                "--backup-dir=" + backups)).isZero();
        assertThat(ArchiveDb.stateOf(data.resolve("bri.db"))).isEqualTo(middle.content());
        dev.bri.backup.BackupMetadata safety = snapshots.list().stream()
                .filter(b -> b.kind() == dev.bri.backup.BackupKind.SAFETY)
                .findFirst().orElseThrow();
        assertThat(safety.rowCounts().get("batch")).as("the safety backup holds the replaced state")
                .isEqualTo(last.batches());

        assertThat(cli("backup", "restore", "--at=" + beforeArchive.minusSeconds(3600), "--to-file="
                + tmp.resolve("early.db"), "--backup-dir=" + backups)).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> offline.plan(beforeArchive.minusSeconds(3600)))
                .isInstanceOf(PointInTime.NotCoveredException.class).hasMessageContaining("no archive covers")
                .hasMessageContaining("there is no snapshot before it either");
        assertThat(Files.exists(tmp.resolve("early.db"))).isFalse();
    }
}
