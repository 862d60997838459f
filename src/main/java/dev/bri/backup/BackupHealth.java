package dev.bri.backup;

import dev.bri.health.ComponentHealth;
import dev.bri.storage.StorageEngine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The "backups" component of {@code GET /admin/health}: degraded when no verified backup is younger than max-age. */
@ApplicationScoped
public class BackupHealth implements ComponentHealth {

    private final BackupService backups;
    private final BackupConfig config;
    private final StorageEngine engine;

    public BackupHealth(BackupService backups, BackupConfig config, StorageEngine engine) {
        this.backups = backups;
        this.config = config;
        this.engine = engine;
    }

    @Override
    public Report report() {
        Map<String, Object> details = new LinkedHashMap<>();
        if (!engine.isSqlite()) {
            // Not the service's to watch: PostgreSQL's backups are reported by its own tooling (CloudNativePG).
            details.put("engine", engine.engine().key());
            return new Report("backups", Status.HEALTHY, "backups are the database's own (" + engine.engine().key()
                    + "), not the service's", details);
        }
        details.put("dir", backups.store().dir().toString());
        details.put("max_age_seconds", config.maxAge().toSeconds());
        try {
            var all = backups.list();
            details.put("stored", all.stream().filter(BackupMetadata::regular).count());
            Optional<BackupMetadata> newest = all.stream().filter(BackupMetadata::regular)
                    .filter(BackupMetadata::verified).findFirst();
            if (newest.isEmpty()) {
                return new Report("backups", Status.DEGRADED, "no verified backup", details);
            }
            Duration age = Duration.between(newest.get().created(), Instant.now());
            details.put("newest_verified_id", newest.get().id());
            details.put("newest_verified_age_seconds", age.toSeconds());
            if (age.compareTo(config.maxAge()) > 0) {
                return new Report("backups", Status.DEGRADED, "newest verified backup is " + age.toHours() + " h old",
                        details);
            }
            return new Report("backups", Status.HEALTHY, "newest verified backup is " + age.toMinutes() + " min old",
                    details);
        } catch (RuntimeException e) {
            details.put("error", String.valueOf(e.getMessage()));
            return new Report("backups", Status.DEGRADED, "backup directory unreadable", details);
        }
    }
}
