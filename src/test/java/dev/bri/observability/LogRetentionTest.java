package dev.bri.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.MemorySize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention on real files whose modification times the test sets, against a fixed clock. */
class LogRetentionTest {

    static final Instant NOW = Instant.parse("2026-11-29T00:17:00Z");

    @TempDir
    Path dir;

    @Test
    void deletesRotatedFilesOlderThanTheirRetentionAndNothingElse() throws Exception {
        Path oldMain = file("bri.log.2026-10-29", 31);
        Path keptMain = file("bri.log.2026-10-31", 29);
        Path oldPart = file("bri_errors.log.2026-10-01.3", 59);
        Path oldPipeline = file("bri_pipeline.log.2026-10-20", 40);
        Path oldPerf = file("bri_performance.log.2026-10-20", 40);
        Path auditWithin90 = file("bri_audit.log.2026-09-01", 89);
        Path auditOld = file("bri_audit.log.2026-08-29", 91);
        Path live = file("bri.log", 400); // the live file is never touched, however old
        Path liveAudit = file("bri_audit.log", 400);
        Path foreign = file("notes.txt.2020-01-01", 400);

        LogRetention retention = new LogRetention(files(30, 90), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(retention.clean()).containsExactlyInAnyOrder(oldMain, oldPart, oldPipeline, oldPerf, auditOld);
        assertThat(keptMain).exists();
        assertThat(auditWithin90).exists();
        assertThat(live).exists();
        assertThat(liveAudit).exists();
        assertThat(foreign).exists();
        assertThat(oldMain).doesNotExist();
        assertThat(auditOld).doesNotExist();
        // idempotent
        assertThat(retention.clean()).isEmpty();
    }

    @Test
    void retentionIsConfigurable() throws Exception {
        Path twoDays = file("bri.log.2026-11-27", 2);
        Path audit = file("bri_audit.log.2026-11-27", 2);
        new LogRetention(files(1, 3), Clock.fixed(NOW, ZoneOffset.UTC)).clean();
        assertThat(twoDays).doesNotExist();
        assertThat(audit).exists();
    }

    @Test
    void aMissingDirectoryIsNotAnError() {
        LogRetention retention = new LogRetention(files(30, 90, dir.resolve("absent")), Clock.systemUTC());
        assertThat(retention.clean()).isEmpty();
    }

    private Path file(String name, int ageDays) throws Exception {
        Path file = Files.writeString(dir.resolve(name), "{}\n");
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(Duration.ofDays(ageDays)).minusSeconds(60)));
        return file;
    }

    private ObservabilityConfig.Files files(int days, int auditDays) {
        return files(days, auditDays, dir);
    }

    private static ObservabilityConfig.Files files(int days, int auditDays, Path dir) {
        return new ObservabilityConfig.Files() {
            public boolean enabled() {
                return true;
            }

            public Path dir() {
                return dir;
            }

            public int retentionDays() {
                return days;
            }

            public int auditRetentionDays() {
                return auditDays;
            }

            public MemorySize maxFileSize() {
                return new MemorySize(java.math.BigInteger.valueOf(1L << 30));
            }

            public int maxBackupIndex() {
                return 100;
            }

            public String cleanupCron() {
                return "off";
            }
        };
    }
}
