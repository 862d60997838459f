package dev.bri.storage;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Creates the data directory (SQLite will not), takes the process-level lock on it ({@link DataDirectoryLock}) and
 * applies pending schema migrations before serving.
 */
@Singleton
public class StorageInitializer {

    private static final Logger LOG = Logger.getLogger(StorageInitializer.class);

    private final StorageConfig config;
    private final Flyway flyway;
    private final Database database;
    private final AgroalDataSource dataSource;
    private final Event<DatabaseOpening> opening;
    private volatile String schemaVersion = "none";
    private DataDirectoryLock lock;

    public StorageInitializer(StorageConfig config, Flyway flyway, Database database, AgroalDataSource dataSource,
            Event<DatabaseOpening> opening) {
        this.config = config;
        this.flyway = flyway;
        this.database = database;
        this.dataSource = dataSource;
        this.opening = opening;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
        }
        if (config.storage().exclusiveDataDir()) {
            // Before the first connection: a second process must not even run the migrations.
            lock = DataDirectoryLock.acquire(config.dataDir());
            LOG.infof("storage.locked file=%s", config.dataDir().resolve(DataDirectoryLock.FILE_NAME));
        }
        MigrateResult result = flyway.migrate();
        schemaVersion = flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
        LOG.infof("storage.migrated database=%s applied=%d schema_version=%s", config.databaseFile(),
                result.migrationsExecuted, schemaVersion);
        opening.fire(new DatabaseOpening(dataSource));
        database.markOpen();
    }

    /**
     * Last of the shutdown observers: HTTP has stopped and in-flight requests had {@code quarkus.shutdown.timeout}.
     * Releasing here (not only at process exit) lets a restarted application in the same JVM (tests) take it again.
     */
    void onStop(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    public String schemaVersion() {
        return schemaVersion;
    }
}
