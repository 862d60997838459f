package dev.bri.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bri.testing.PostgresServer;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What stops a PostgreSQL deployment at start-up, against a real server: each case ends in one
 * {@link ConfigurationException} line naming the reason and the database, without a cause (Quarkus prints such an
 * exception's message alone, no stack trace), and without the password.
 */
class StartupCheckTest {

    private static PostgresServer server;

    @BeforeAll
    static void start() {
        server = PostgresServer.create();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Flyway flyway(String url, String password) {
        return Flyway.configure().dataSource(url, PostgresServer.USER, password).locations("classpath:db/postgresql")
                .load();
    }

    @Test
    void aGoodDatabaseIsMigratedToTheCurrentVersion() {
        Flyway flyway = flyway(server.jdbcUrl(server.createDatabase("ok")), PostgresServer.PASSWORD);
        StartupCheck.schemaNotNewer(Engine.POSTGRESQL, flyway);
        assertThat(StartupCheck.migrate(Engine.POSTGRESQL, flyway).migrationsExecuted).isEqualTo(5);
        StartupCheck.schemaNotNewer(Engine.POSTGRESQL, flyway);
        assertThat(StartupCheck.migrate(Engine.POSTGRESQL, flyway).migrationsExecuted).isZero();
    }

    @Test
    void aWrongPasswordIsAuthenticationFailed() {
        String url = server.jdbcUrl(server.createDatabase("auth"));
        assertThatThrownBy(() -> StartupCheck.migrate(Engine.POSTGRESQL, flyway(url, "not-the-password")))
                .isInstanceOf(ConfigurationException.class).hasNoCause()
                .hasMessageStartingWith("storage.start_failed engine=postgresql reason=authentication-failed: " + url)
                .hasMessageContaining("QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void aWrongUrlIsUnreachable() {
        String url = "jdbc:postgresql://127.0.0.1:" + PostgresServer.freePort() + "/bri";
        assertThatThrownBy(() -> StartupCheck.schemaNotNewer(Engine.POSTGRESQL, flyway(url, PostgresServer.PASSWORD)))
                .isInstanceOf(ConfigurationException.class).hasNoCause()
                .hasMessageStartingWith("storage.start_failed engine=postgresql reason=unreachable: cannot connect to "
                        + url)
                .hasMessageContaining("QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL");
    }

    @Test
    void aMissingDatabaseIsNamed() {
        String url = server.jdbcUrl("no_such_database");
        assertThatThrownBy(() -> StartupCheck.migrate(Engine.POSTGRESQL, flyway(url, PostgresServer.PASSWORD)))
                .isInstanceOf(ConfigurationException.class).hasNoCause()
                .hasMessageStartingWith("storage.start_failed engine=postgresql reason=no-such-database: " + url);
    }

    @Test
    void aNewerSchemaIsRefusedAndLeftAlone() throws Exception {
        String database = server.createDatabase("newer");
        Flyway flyway = flyway(server.jdbcUrl(database), PostgresServer.PASSWORD);
        flyway.migrate();
        // a later version of the service migrated this database further
        try (Connection c = server.connect(database); Statement s = c.createStatement()) {
            s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                    + "checksum, installed_by, execution_time, success) VALUES (99, '9', 'from the future', 'SQL', "
                    + "'V9__from_the_future.sql', 0, 'bri', 1, true)");
            s.execute("CREATE TABLE future_table (id integer)");
        }
        assertThatThrownBy(() -> StartupCheck.schemaNotNewer(Engine.POSTGRESQL, flyway))
                .isInstanceOf(ConfigurationException.class).hasNoCause()
                .hasMessageStartingWith("storage.start_failed engine=postgresql reason=schema-newer: the database "
                        + server.jdbcUrl(database) + " is at schema version 9, newer than this version of "
                        + "bri-context knows (5)");
        try (Connection c = server.connect(database); Statement s = c.createStatement()) {
            assertThat(s.executeQuery("SELECT count(*) FROM future_table").next()).isTrue();
        }
    }
}
