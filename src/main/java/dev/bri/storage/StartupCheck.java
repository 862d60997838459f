package dev.bri.storage;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Turns what stops the database from opening at start-up into one line an operator can act on: the server cannot be
 * reached (wrong URL, host, port, server down), refuses the credentials, or holds a schema newer than this version
 * knows (a newer version ran against it: roll forward, or restore). Quarkus prints a {@link ConfigurationException}
 * without a stack trace; it carries no cause for that reason (the cause is in the message).
 */
public final class StartupCheck {

    private static final Logger LOG = Logger.getLogger(StartupCheck.class);
    /** SQLSTATE invalid_password and invalid_authorization_specification. */
    private static final String INVALID_PASSWORD = "28P01";
    private static final String INVALID_AUTHORIZATION = "28000";
    /** SQLSTATE invalid_catalog_name: the database named in the URL does not exist. */
    private static final String NO_SUCH_DATABASE = "3D000";

    private StartupCheck() {
    }

    static AgroalDataSource dataSource(StorageEngine engine) {
        try {
            return engine.dataSource();
        } catch (RuntimeException e) {
            throw fail("storage.start_failed engine=" + engine.engine().key() + " reason=datasource-inactive: the "
                    + StorageEngine.POSTGRESQL_DATASOURCE + " datasource is not configured; set "
                    + "QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL (jdbc:postgresql://host:5432/database), "
                    + "QUARKUS_DATASOURCE_POSTGRESQL_USERNAME and QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD");
        }
    }

    /**
     * Flyway ignores migrations it does not know by default (they are "future"): starting an old version against a
     * newer schema would then serve it silently. Refuse instead.
     */
    static void schemaNotNewer(Engine engine, Flyway flyway) {
        MigrationInfo[] all;
        try {
            all = flyway.info().all();
        } catch (RuntimeException e) {
            throw translate(engine, flyway, e);
        }
        Optional<MigrationVersion> known = Arrays.stream(all).filter(m -> m.getState() != MigrationState.FUTURE_SUCCESS
                && m.getState() != MigrationState.FUTURE_FAILED && m.getVersion() != null)
                .map(MigrationInfo::getVersion).max(Comparator.naturalOrder());
        Optional<MigrationInfo> future = Arrays.stream(all)
                .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS
                        || m.getState() == MigrationState.FUTURE_FAILED)
                .max(Comparator.comparing(MigrationInfo::getVersion));
        if (future.isPresent()) {
            throw fail("storage.start_failed engine=" + engine.key() + " reason=schema-newer: the database "
                    + describe(flyway) + " is at schema version " + future.get().getVersion().getVersion()
                    + ", newer than this version of bri-context knows (" + known.map(MigrationVersion::getVersion)
                            .orElse("none")
                    + "); run the bri-context version that migrated it, or restore a backup taken before the upgrade "
                    + "(docs/OPERATIONS_RUNBOOK.md)");
        }
    }

    static MigrateResult migrate(Engine engine, Flyway flyway) {
        try {
            return flyway.migrate();
        } catch (RuntimeException e) {
            throw translate(engine, flyway, e);
        }
    }

    /** The database a Flyway instance points at, without credentials: {@code host:port/database}. */
    static String describe(Flyway flyway) {
        String url = flyway.getConfiguration().getUrl();
        if (url == null) {
            // the quoted name is what application.properties and QUARKUS_DATASOURCE__POSTGRESQL__JDBC_URL set; the
            // chart and the docs set QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL, which only the unquoted name finds
            org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
            url = config.getOptionalValue("quarkus.datasource.\"postgresql\".jdbc.url", String.class)
                    .or(() -> config.getOptionalValue("quarkus.datasource.postgresql.jdbc.url", String.class))
                    .orElse(null);
        }
        if (url == null) {
            return "(unknown)";
        }
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static RuntimeException translate(Engine engine, Flyway flyway, RuntimeException e) {
        if (engine == Engine.SQLITE) {
            return e; // a local file: Flyway's own message names it
        }
        String where = describe(flyway);
        SQLException sql = find(e, SQLException.class);
        String state = sql == null ? null : sql.getSQLState();
        String reason;
        if (INVALID_PASSWORD.equals(state) || INVALID_AUTHORIZATION.equals(state)) {
            reason = "reason=authentication-failed: " + where + " refused the user name or password "
                    + "(QUARKUS_DATASOURCE_POSTGRESQL_USERNAME, QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD)";
        } else if (NO_SUCH_DATABASE.equals(state)) {
            reason = "reason=no-such-database: " + where + " does not exist; create it, or correct "
                    + "QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL";
        } else if (state != null && state.startsWith("08") || find(e, ConnectException.class) != null
                || find(e, UnknownHostException.class) != null) {
            reason = "reason=unreachable: cannot connect to " + where + " (" + rootMessage(e) + "); check "
                    + "QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL and that the server is running";
        } else {
            reason = "reason=migration-failed: " + where + ": " + rootMessage(e);
        }
        return fail("storage.start_failed engine=" + engine.key() + " " + reason);
    }

    private static ConfigurationException fail(String message) {
        LOG.error(message);
        return new ConfigurationException(message);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
