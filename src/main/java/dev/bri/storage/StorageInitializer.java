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
 * Creates the data directory (SQLite will not), takes the process-level lock on it ({@link DataDirectoryLock}, SQLite
 * only) and applies the engine's pending schema migrations before serving. A database that cannot be reached, refuses
 * the credentials or carries a newer schema stops the start with one line saying so ({@link StartupCheck}).
 */
@Singleton
public class StorageInitializer {

    private static final Logger LOG = Logger.getLogger(StorageInitializer.class);

    private final StorageConfig config;
    private final StorageEngine engine;
    private final Database database;
    private final Event<DatabaseOpening> opening;
    private volatile String schemaVersion = "none";
    private DataDirectoryLock lock;

    public StorageInitializer(StorageConfig config, StorageEngine engine, Database database,
            Event<DatabaseOpening> opening) {
        this.config = config;
        this.engine = engine;
        this.database = database;
        this.opening = opening;
    }

    /**
     * First of the start-up observers: a second process on the same data directory must not touch any of its files,
     * neither the database (migrations, priority 10) nor the WAL archive beside it (opened at priority 5).
     */
    void lockDataDirectory(@Observes @Priority(1) StartupEvent event) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
        }
        if (engine.isSqlite() && config.storage().exclusiveDataDir()) {
            lock = DataDirectoryLock.acquire(config.dataDir());
            LOG.infof("storage.locked file=%s", config.dataDir().resolve(DataDirectoryLock.FILE_NAME));
        }
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        AgroalDataSource dataSource = StartupCheck.dataSource(engine);
        Flyway flyway = engine.flyway();
        StartupCheck.schemaNotNewer(engine.engine(), flyway);
        MigrateResult result = StartupCheck.migrate(engine.engine(), flyway);
        schemaVersion = flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
        LOG.infof("storage.migrated engine=%s database=%s applied=%d schema_version=%s", engine.engine().key(),
                engine.isSqlite() ? config.databaseFile() : StartupCheck.describe(flyway), result.migrationsExecuted,
                schemaVersion);
        opening.fire(new DatabaseOpening(dataSource, engine.engine()));
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
