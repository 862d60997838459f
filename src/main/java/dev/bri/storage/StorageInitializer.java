package dev.bri.storage;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/** Creates the data directory (SQLite will not) and applies pending schema migrations before serving. */
@Singleton
public class StorageInitializer {

    private static final Logger LOG = Logger.getLogger(StorageInitializer.class);

    private final StorageConfig config;
    private final Flyway flyway;
    private final Database database;
    private volatile String schemaVersion = "none";

    public StorageInitializer(StorageConfig config, Flyway flyway, Database database) {
        this.config = config;
        this.flyway = flyway;
        this.database = database;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
        }
        MigrateResult result = flyway.migrate();
        schemaVersion = flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
        LOG.infof("storage.migrated database=%s applied=%d schema_version=%s", config.databaseFile(),
                result.migrationsExecuted, schemaVersion);
        database.markOpen();
    }

    public String schemaVersion() {
        return schemaVersion;
    }
}
