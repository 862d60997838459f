package dev.bri.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.bri.backup.FileOps;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The restore drill's outcome kept across restarts, in {@code <backup-dir>/.drill-history.json} (a dot file: no
 * backup, never uploaded). The drill alerts compare when drills last passed and failed; held only in memory, a pod
 * restarted more often than drills run would reset a failed drill to "never ran" and never alert on it.
 */
final class DrillHistory {

    private static final Logger LOG = Logger.getLogger(DrillHistory.class);
    static final String FILE = ".drill-history.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param lastSuccessEpochSeconds when a drill last passed (0: never)
     * @param lastFailureEpochSeconds when a drill last failed (0: never)
     * @param last                    the last drill's result, null when none ran
     */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Saved(long lastSuccessEpochSeconds, long lastFailureEpochSeconds, RestoreDrill.Result last) {
        static final Saved NONE = new Saved(0, 0, null);
    }

    private DrillHistory() {
    }

    /** What {@link #save} wrote last; {@link Saved#NONE} when there is nothing, or nothing readable. */
    static Saved load(Path backupDir) {
        Path file = backupDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Saved.NONE;
        }
        try {
            return JSON.readValue(file.toFile(), Saved.class);
        } catch (IOException e) {
            LOG.warnf("backup.drill_history_unreadable file=%s error=\"%s\" (drills are reported as not run since "
                    + "start)", file, e.getMessage());
            return Saved.NONE;
        }
    }

    /** Replaces the saved history atomically: a crash leaves the old one or the new one. */
    static void save(Path backupDir, Saved saved) throws IOException {
        Files.createDirectories(backupDir);
        Path temp = backupDir.resolve(FILE + ".tmp");
        Files.write(temp, JSON.writeValueAsBytes(saved));
        FileOps.fsync(temp);
        FileOps.publish(temp, backupDir.resolve(FILE));
    }
}
