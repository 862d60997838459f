package dev.bri.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the Quarkus application under test on the PostgreSQL engine: one {@link PostgresServer} per test JVM (started
 * by the first profile that needs it, shared by the others), a fresh database per application start. Tests reach the
 * server to kill, stop or restart it through {@link #server()}.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static final String DIR = "postgres.test.dir";
    private static final String PORT = "postgres.test.port";
    private static final String DATABASE = "postgres.test.database";

    /** The server the running application uses (system properties: resources and tests may differ in class loader). */
    public static PostgresServer server() {
        String dir = System.getProperty(DIR);
        if (dir == null) {
            throw new IllegalStateException("no PostgreSQL test server: run the test with PostgresProfile");
        }
        return PostgresServer.attach(Path.of(dir), Integer.parseInt(System.getProperty(PORT)));
    }

    /** The database the running application uses. */
    public static String database() {
        return System.getProperty(DATABASE);
    }

    @Override
    public synchronized Map<String, String> start() {
        PostgresServer server;
        if (System.getProperty(DIR) == null) {
            server = PostgresServer.create();
            System.setProperty(DIR, server.dir().toString());
            System.setProperty(PORT, String.valueOf(server.port()));
        } else {
            server = server();
            if (!server.running()) {
                server.start(); // a test killed it and did not bring it back
            }
        }
        String database = server.createDatabase("bri");
        System.setProperty(DATABASE, database);
        return Map.of("bri.storage.engine", "postgresql",
                "quarkus.datasource.\"postgresql\".jdbc.url", server.jdbcUrl(database),
                "quarkus.datasource.\"postgresql\".username", PostgresServer.USER,
                "quarkus.datasource.\"postgresql\".password", PostgresServer.PASSWORD);
    }

    @Override
    public void stop() {
        // The server outlives the application: the next PostgreSQL profile reuses it; a shutdown hook removes it.
    }
}
