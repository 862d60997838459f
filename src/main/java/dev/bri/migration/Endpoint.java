package dev.bri.migration;

import dev.bri.storage.Engine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One side of a migration: a SQLite file or a PostgreSQL database. The password never appears in {@link #toString}
 * or {@link #describe}, which go to the terminal, logs and the target's progress table.
 */
public record Endpoint(Engine engine, String url, String user, String password, Path sqliteFile) {

    public static Endpoint sqlite(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return new Endpoint(Engine.SQLITE, "jdbc:sqlite:" + absolute, null, null, absolute);
    }

    /** {@code url} is {@code jdbc:postgresql://host:port/db}; user and password may also be given in it. */
    public static Endpoint postgresql(String url, String user, String password) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db): " + url);
        }
        return new Endpoint(Engine.POSTGRESQL, url, user, password, null);
    }

    /** Where the data is, without credentials: {@code sqlite:/srv/bri.db}, {@code postgresql://host:5432/bri}. */
    public String describe() {
        if (engine == Engine.SQLITE) {
            return "sqlite:" + sqliteFile;
        }
        String rest = url.substring("jdbc:".length());
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    /** Flyway locations of this engine's schema, as the service uses them. */
    String migrations() {
        return engine == Engine.SQLITE ? "classpath:db/migration" : "classpath:db/postgresql";
    }

    Connection open() throws SQLException {
        if (engine == Engine.SQLITE) {
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
            config.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
            config.enforceForeignKeys(true);
            // NORMAL: a crash of this process loses nothing committed; the copy is verified before it is reported
            config.setSynchronous(org.sqlite.SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(5000);
            return config.createConnection(url);
        }
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "bri-context migrate");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public String toString() {
        return describe();
    }
}
