package dev.bri.archive;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The scheduled restore drill ({@code bri.backup.drill.*}): rebuilds the newest archived state in scratch space and
 * compares it with the live database; see docs/BACKUP_RESTORE_GUIDE.md.
 */
@ConfigMapping(prefix = "bri.backup.drill")
public interface DrillConfig {

    /** Run the drill on its schedule; only while WAL archiving is on ({@code bri.backup.archive.enabled}). */
    @WithDefault("true")
    boolean enabled();

    /** Quartz cron (seconds first), UTC: daily at 03:30, after the 02:00 backup and off-peak. */
    @WithDefault("0 30 3 * * ?")
    String cron();

    /** Where the drill rebuilds the database (emptied before and after); default {@code <bri.backup.dir>/.drill}. */
    Optional<Path> scratchDir();
}
