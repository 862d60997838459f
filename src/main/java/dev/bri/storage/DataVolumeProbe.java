package dev.bri.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;

/**
 * The one probe of free space on the data volume, read by readiness ({@link DataVolumeHealthCheck}) and by the disk
 * component of {@code GET /admin/health}, against the same thresholds ({@code bri.storage.warn-free-ratio},
 * {@code bri.storage.min-free-ratio}).
 */
@ApplicationScoped
public class DataVolumeProbe {

    /** How full the volume is against the thresholds. */
    public enum Level {
        /** At least the warning ratio free. */
        ENOUGH,
        /** Below the warning ratio: writes still succeed. */
        LOW,
        /** Below the minimum ratio: writes would fail and SQLite could not grow its WAL. */
        FULL
    }

    /** One reading: free and total bytes of the volume that holds {@code path}. */
    public record Reading(String path, long freeBytes, long totalBytes, Level level) {

        public double freeRatio() {
            return (double) freeBytes / totalBytes;
        }
    }

    private final StorageConfig config;

    public DataVolumeProbe(StorageConfig config) {
        this.config = config;
    }

    /** The data directory as shown in health reports: absolute and normalized. */
    public String path() {
        return config.dataDir().toAbsolutePath().normalize().toString();
    }

    /** Reads the volume now; an unreadable volume throws. */
    public Reading read() throws IOException {
        FileStore store = Files.getFileStore(config.dataDir());
        long free = store.getUsableSpace();
        long total = store.getTotalSpace();
        double ratio = (double) free / total;
        Level level = ratio < config.storage().minFreeRatio()
                ? Level.FULL
                : ratio < config.storage().warnFreeRatio() ? Level.LOW : Level.ENOUGH;
        return new Reading(path(), free, total, level);
    }
}
