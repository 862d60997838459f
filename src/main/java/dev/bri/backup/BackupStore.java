package dev.bri.backup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bri.io.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The backup directory. A backup is {@code <id>.db} or {@code <id>.db.gz} plus its sidecar {@code <id>.json},
 * written last: without the sidecar a file is not a backup. Work in progress carries a {@code .tmp-} prefix and is
 * never listed; a process killed mid-backup leaves only such files, removed by the next backup.
 */
public final class BackupStore {

    static final String TEMP_PREFIX = ".tmp-";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final LocalEncryption encryption;

    public BackupStore(Path dir) {
        this(dir, LocalEncryption.OFF);
    }

    /** A directory whose new snapshots are written, and whose encrypted ones are read, as {@code encryption} says. */
    public BackupStore(Path dir, LocalEncryption encryption) {
        this.dir = dir.toAbsolutePath().normalize();
        this.encryption = encryption;
    }

    public LocalEncryption encryption() {
        return encryption;
    }

    public Path dir() {
        return dir;
    }

    public void ensureExists() throws IOException {
        Files.createDirectories(dir);
    }

    public Path metadataFile(BackupId id) {
        return inside(id.value() + ".json");
    }

    public Path dataFile(BackupId id, boolean gzip) {
        return inside(id.value() + (gzip ? ".db.gz" : ".db"));
    }

    Path temp(String name) {
        return inside(TEMP_PREFIX + name);
    }

    /** Resolves a name made from a validated id; the check is a second line of defence against traversal. */
    private Path inside(String name) {
        Path p = dir.resolve(name).normalize();
        if (!dir.equals(p.getParent())) {
            throw new IllegalArgumentException("path outside the backup directory: " + name);
        }
        return p;
    }

    public Optional<BackupMetadata> read(BackupId id) {
        Path file = metadataFile(id);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), BackupMetadata.class));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable metadata " + file.getFileName(), e);
        }
    }

    /** Writes the sidecar atomically (temp, fsync, rename, fsync dir): the commit point of a backup. */
    /**
     * Writes a verification result into the backup's metadata: the one way the service and the CLI record a
     * verification. Returns false when the backup has no metadata (it was deleted meanwhile).
     */
    public boolean recordVerification(BackupId id, Verification verification) throws IOException {
        Optional<BackupMetadata> meta = read(id);
        if (meta.isEmpty()) {
            return false;
        }
        write(meta.get().withVerification(verification));
        return true;
    }

    public void write(BackupMetadata metadata) throws IOException {
        BackupId id = metadata.backupId();
        Path temp = temp(id.value() + ".json");
        Files.write(temp, JSON.writeValueAsBytes(metadata), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        DurableFiles.fsync(temp);
        DurableFiles.publish(temp, metadataFile(id));
    }

    /** Every committed backup, newest first. Unreadable sidecars are skipped here and reported by {@link #problems}. */
    public List<BackupMetadata> list() {
        List<BackupMetadata> all = new ArrayList<>();
        for (BackupId id : ids(".json")) {
            try {
                read(id).ifPresent(all::add);
            } catch (UncheckedIOException e) {
                // reported by problems()
            }
        }
        all.sort(Comparator.comparing(BackupMetadata::backupId).reversed());
        return all;
    }

    /** Backup files without (readable) metadata, and metadata without a backup file: never valid backups. */
    public List<Verification> problems() {
        List<Verification> problems = new ArrayList<>();
        for (BackupId id : ids(".db", ".db.gz")) {
            if (!Files.exists(metadataFile(id))) {
                problems.add(new Verification(id.value(), Verification.FAILED, null,
                        "backup file without metadata: never committed or metadata lost"));
            }
        }
        for (BackupId id : ids(".json")) {
            try {
                read(id);
            } catch (UncheckedIOException e) {
                problems.add(new Verification(id.value(), Verification.FAILED, null, "metadata unreadable"));
            }
        }
        return problems;
    }

    private List<BackupId> ids(String... suffixes) {
        List<BackupId> ids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                for (String suffix : suffixes) {
                    if (name.endsWith(suffix)) {
                        String id = name.substring(0, name.length() - suffix.length());
                        if (BackupId.isValid(id)) {
                            ids.add(new BackupId(id));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return ids;
    }

    /** Uncommits first (sidecar), then removes the data: a crash in between leaves a file reported as orphan. */
    public boolean delete(BackupId id) throws IOException {
        boolean existed = Files.deleteIfExists(metadataFile(id));
        existed |= Files.deleteIfExists(dataFile(id, true));
        existed |= Files.deleteIfExists(dataFile(id, false));
        DurableFiles.fsyncDir(dir);
        return existed;
    }

    /** Removes leftovers of interrupted work; call only while holding the {@link BackupLock}. */
    public int cleanupTemporaries() throws IOException {
        int removed = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
            for (Path f : files) {
                Files.deleteIfExists(f);
                removed++;
            }
        }
        return removed;
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
