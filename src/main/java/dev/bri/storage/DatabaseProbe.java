package dev.bri.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

/**
 * The two probes of the database, each bounded by {@code bri.storage.probe-timeout} (lock waits included). The read
 * probe takes no writer lock, so writer contention cannot fail readiness; the write probe goes through the single
 * writer like every write and belongs to {@code GET /admin/health}, where a busy writer is reported, not acted on.
 */
@ApplicationScoped
public class DatabaseProbe {

    /** Not held by maintenance mode: it writes only its own bookkeeping row. */
    public static final String WRITE_OPERATION = "health_write";

    private final Database database;
    private final Duration timeout;

    public DatabaseProbe(Database database, StorageConfig config) {
        this.database = database;
        this.timeout = config.storage().probeTimeout();
    }

    public Duration timeout() {
        return timeout;
    }

    /** One indexed read in its own snapshot; throws {@link StorageException} when the database cannot answer. */
    public void read() {
        database.read("health_read", timeout, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM videos LIMIT 1");
                    ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        });
    }

    /**
     * Rewrites the probe row through the writer path. Throws {@link ReadTimeoutException} when the writer stayed busy
     * for the whole timeout, another {@link StorageException} when the write itself failed.
     */
    public void write() {
        database.write(WRITE_OPERATION, timeout, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO health_probe (id, checked_at) VALUES (1, ?) "
                            + "ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at")) {
                s.setString(1, Timestamps.now());
                return s.executeUpdate();
            }
        });
    }
}
