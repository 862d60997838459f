package dev.bri.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the database answers a read and accepts a (tiny) write through the normal writer path. */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements HealthCheck {

    private final Database database;
    private final StorageInitializer initializer;

    public DatabaseHealthCheck(Database database, StorageInitializer initializer) {
        this.database = database;
        this.initializer = initializer;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database")
                .withData("schema_version", initializer.schemaVersion());
        try {
            long videos = database.read("health_read", c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM videos");
                        ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            database.write("health_write", c -> {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO health_probe (id, checked_at) VALUES (1, ?) "
                                + "ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at")) {
                    s.setString(1, Timestamps.now());
                    return s.executeUpdate();
                }
            });
            return response.up().withData("videos", videos).build();
        } catch (RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
