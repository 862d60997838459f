package dev.bri.offsite;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * What is already in the bucket, as far as this backup directory knows: per sealed file the size, modification time
 * and SHA-256 it had when its upload succeeded. Kept in {@code <backup-dir>/.offsite-state.json} (a dot file, never
 * uploaded). Losing it costs only HEAD requests: an object whose recorded SHA-256 matches the local file is not sent
 * again.
 */
final class ReplicationState {

    private static final Logger LOG = Logger.getLogger(ReplicationState.class);
    static final String FILE = ".offsite-state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Entry(long size, long modifiedMillis, String sha256, String uploadedAt) {
    }

    private final Path file;
    private final Map<String, Entry> entries = new TreeMap<>();

    private ReplicationState(Path file) {
        this.file = file;
    }

    static ReplicationState load(Path backupDir) {
        ReplicationState state = new ReplicationState(backupDir.resolve(FILE));
        if (Files.isRegularFile(state.file)) {
            try {
                state.entries.putAll(JSON.readValue(state.file.toFile(), new TypeReference<Map<String, Entry>>() {
                }));
            } catch (IOException e) {
                LOG.warnf("offsite.state_unreadable file=%s error=%s (objects are compared with the bucket again)",
                        state.file, e.getMessage());
            }
        }
        return state;
    }

    synchronized Entry get(String relative) {
        return entries.get(relative);
    }

    synchronized boolean current(SealedFiles.Sealed s) {
        Entry e = entries.get(s.relative());
        return e != null && e.size() == s.size() && e.modifiedMillis() == s.modifiedMillis();
    }

    synchronized void put(String relative, Entry entry) throws IOException {
        entries.put(relative, entry);
        save();
    }

    /** Forgets files that no longer exist locally (their objects stay; remote retention decides about them). */
    synchronized void retain(java.util.Set<String> present) throws IOException {
        if (entries.keySet().retainAll(present)) {
            save();
        }
    }

    private void save() throws IOException {
        Path temp = file.resolveSibling(FILE + ".tmp");
        Files.createDirectories(file.getParent());
        Files.write(temp, JSON.writeValueAsBytes(entries));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
