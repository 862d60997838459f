package dev.bri.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillHistoryTest {

    @TempDir
    Path backups;

    @Test
    void aSavedDrillIsReadBackWhole() throws Exception {
        RestoreDrill.Result failed = new RestoreDrill.Result(RestoreDrill.Result.FAILED, "row_counts",
                "context_items differs", "2026-12-03T03:30:00Z", 12.5, "chain-x", 42L, "base-1", 3, 40L,
                "2026-12-03T03:29:59.120Z", Map.of("videos", 2L, "context_items", 17L),
                List.of(new RestoreDrill.Mismatch("context_items", 18L, 17L)));
        DrillHistory.save(backups, new DrillHistory.Saved(1_764_700_000L, 1_764_732_600L, failed));

        DrillHistory.Saved read = DrillHistory.load(backups);
        assertThat(read).isEqualTo(new DrillHistory.Saved(1_764_700_000L, 1_764_732_600L, failed));
        assertThat(backups.resolve(DrillHistory.FILE + ".tmp")).doesNotExist();
    }

    @Test
    void nothingSavedOrAnUnreadableFileMeansNoDrillRan() throws Exception {
        assertThat(DrillHistory.load(backups)).isEqualTo(DrillHistory.Saved.NONE);
        Files.writeString(backups.resolve(DrillHistory.FILE), "{\"last_success_epoch");
        assertThat(DrillHistory.load(backups)).isEqualTo(DrillHistory.Saved.NONE);
    }
}
