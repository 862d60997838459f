package dev.bri.io;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Writes that survive a crash or a power cut whole or not at all: fsync of files and directories, atomic replacement,
 * and the small JSON state files the service keeps beside its data (dot files such as {@code .drill-history.json}).
 */
public final class DurableFiles {

    private static final Logger LOG = Logger.getLogger(DurableFiles.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private DurableFiles() {
    }

    public static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Makes a rename or delete in {@code dir} durable. */
    public static void fsyncDir(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems refuse to open directories for fsync; the rename itself stays atomic
            if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
                return;
            }
            throw e;
        }
    }

    /** Renames atomically over any existing target and makes it durable. */
    public static void publish(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDir(target.getParent());
    }

    /** Replaces {@code file} with {@code value} as JSON: a crash leaves the old content or the new, never a mix. */
    public static void writeJson(Path file, Object value) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, JSON.writeValueAsBytes(value));
        fsync(temp);
        publish(temp, file);
    }

    /** What {@link #writeJson} wrote; empty when the file is absent or unreadable (logged: the caller starts afresh). */
    public static <T> Optional<T> readJson(Path file, JavaType type) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), type));
        } catch (IOException e) {
            LOG.warnf("state_file.unreadable file=%s error=\"%s\" (started afresh)", file, e.getMessage());
            return Optional.empty();
        }
    }
}
