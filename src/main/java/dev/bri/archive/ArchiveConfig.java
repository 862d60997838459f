package dev.bri.archive;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Continuous WAL archiving ({@code bri.backup.archive.*}): every committed transaction reaches
 * {@code <bri.backup.dir>/archive} within one interval; see docs/BACKUP_RESTORE_GUIDE.md.
 */
@ConfigMapping(prefix = "bri.backup.archive")
public interface ArchiveConfig {

    /** Archive the WAL. Off: the service still owns checkpoints (PASSIVE, TRUNCATE over the cap), nothing is shipped. */
    @WithDefault("true")
    boolean enabled();

    /** How often the unsealed segment is sealed and the WAL checkpointed: the recovery point objective. */
    @WithDefault("1s")
    Duration interval();

    /** Recovery to the second is kept for this long; older points fall back to snapshot retention. */
    @WithDefault("7d")
    Duration window();

    /** WAL size that makes the checkpoint TRUNCATE (waiting for readers) instead of PASSIVE: the WAL's cap. */
    @WithDefault("512M")
    io.quarkus.runtime.configuration.MemorySize maxWalSize();

    /** WAL frames after which a PASSIVE checkpoint runs (once they are archived). */
    @WithDefault("1000")
    long checkpointPages();

    /** With no writes, an empty segment is still sealed this often, so the archive says it is current. */
    @WithDefault("1m")
    Duration heartbeat();

    /** A new chain (fresh base snapshot) starts this often, bounding what a restore replays. */
    @WithDefault("24h")
    Duration chainInterval();

    /** Wait before another attempt after starting a chain failed (backup volume full or read-only). */
    @WithDefault("30s")
    Duration retryDelay();

    /** Health and the stopped alert: archiving counts as lagging when the oldest unarchived commit is older. */
    @WithDefault("10s")
    Duration maxLag();
}
