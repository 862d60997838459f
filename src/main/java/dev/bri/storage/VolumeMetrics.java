package dev.bri.storage;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Disk gauges an operator alerts on: free and total bytes of the data and backup volumes
 * ({@code bri_volume_free_bytes{volume}}, {@code bri_volume_size_bytes{volume}}) and the size of the database and its
 * WAL ({@code bri_db_file_bytes{file}}). Read at scrape time; a directory that does not exist yet is measured on its
 * nearest existing parent, a missing file counts as 0 bytes.
 */
@ApplicationScoped
public class VolumeMetrics {

    private final MeterRegistry registry;
    private final Path dataDir;
    private final Path databaseFile;
    private final Path backupDir;

    public VolumeMetrics(MeterRegistry registry, StorageConfig storage,
            @ConfigProperty(name = "bri.backup.dir", defaultValue = "./backups") Path backupDir) {
        this.registry = registry;
        this.dataDir = storage.dataDir();
        this.databaseFile = storage.databaseFile();
        this.backupDir = backupDir;
    }

    void register(@Observes StartupEvent event) {
        volume("data", dataDir);
        volume("backup", backupDir);
        Gauge.builder("bri.db.file", databaseFile, VolumeMetrics::sizeOrZero).strongReference(true).baseUnit("bytes")
                .description("Size of the SQLite database file").tag("file", "db").register(registry);
        Path wal = databaseFile.resolveSibling(databaseFile.getFileName() + "-wal");
        Gauge.builder("bri.db.file", wal, VolumeMetrics::sizeOrZero).strongReference(true).baseUnit("bytes")
                .description("Size of the SQLite database file").tag("file", "wal").register(registry);
    }

    private void volume(String name, Path dir) {
        Gauge.builder("bri.volume.free", dir, d -> store(d, FileStore::getUsableSpace)).strongReference(true)
                .baseUnit("bytes")
                .description("Usable free space on the volume").tag("volume", name).register(registry);
        Gauge.builder("bri.volume.size", dir, d -> store(d, FileStore::getTotalSpace)).strongReference(true)
                .baseUnit("bytes")
                .description("Total size of the volume").tag("volume", name).register(registry);
    }

    static double sizeOrZero(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static double store(Path dir, StoreReading reading) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Double.NaN;
        }
        try {
            return reading.apply(Files.getFileStore(existing));
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    @FunctionalInterface
    private interface StoreReading {
        long apply(FileStore store) throws IOException;
    }
}
