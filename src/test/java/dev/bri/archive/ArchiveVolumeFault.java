package dev.bri.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A backup volume the archiver cannot write to, for any user, root included: the archive directory is moved aside
 * and a regular file takes its place, so every create, mkdir and rename below it fails in the kernel (ENOTDIR) with
 * an {@link IOException}, exactly where a full (ENOSPC) or read-only (EROFS) volume fails the archiver: opening the
 * next segment, sealing (rename) the current one, creating a new chain's directories and base snapshot.
 *
 * <p>Why not the real thing: tests run as root (also in CI, in an unprivileged container), so permissions do not stop
 * writes; a size-limited tmpfs or loop mount and {@code chattr +i} need CAP_SYS_ADMIN / CAP_LINUX_IMMUTABLE, which a
 * default container does not grant. This fault needs no privilege and works everywhere. What it does not reproduce:
 * a write into a file that is already open failing (a full volume); the archiver's next seal renames that file and
 * fails there, one interval later, through the same stop path.
 *
 * <p>{@link #close} gives the space back: the file goes and the directory, with every sealed segment, returns.
 */
final class ArchiveVolumeFault implements AutoCloseable {

    private final Path root;
    private final Path aside;

    ArchiveVolumeFault(Path archiveRoot) throws IOException {
        this.root = archiveRoot;
        this.aside = archiveRoot.resolveSibling(archiveRoot.getFileName() + ".unreachable");
        Files.move(root, aside, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(root, "not a directory: the backup volume is full or read-only (test fault)\n");
    }

    @Override
    public void close() throws IOException {
        Files.delete(root);
        for (int attempt = 0;; attempt++) {
            try {
                Files.move(aside, root, StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (IOException e) {
                // a running archiver's retry created a fresh archive directory in the moment the path was free: that
                // start is abandoned (the archiver retries), the original directory goes back
                if (attempt >= 10 || !Files.isDirectory(root)) {
                    throw e;
                }
                try (Stream<Path> all = Files.walk(root)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
