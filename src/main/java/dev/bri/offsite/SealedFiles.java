package dev.bri.offsite;

import dev.bri.backup.BackupId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which files of the backup directory are sealed (complete, safe to copy) and in which order they must reach the
 * bucket so that the remote side is restorable at every instant:
 * <ol>
 * <li>backup files ({@code <id>.db.gz}, {@code <id>.db}), only once their metadata exists (metadata is written last);
 * <li>their metadata {@code <id>.json}, the commit marker, after its backup file;
 * <li>an archive chain's {@code chain.json}, after the chain's base snapshot;
 * <li>archive segments, in sequence (commit) order, after their chain's {@code chain.json}; a segment that fails
 * holds back the later ones of its chain;
 * <li>everything else (for example the erasure ledger), which may change and is then uploaded again.
 * </ol>
 * Work in progress is never copied: names starting with a dot, {@code .tmp} files, data without metadata.
 */
public final class SealedFiles {

    /** A sealed file; {@code relative} uses '/' whatever the platform and is the object's key below the prefix. */
    public record Sealed(String relative, Path path, long size, long modifiedMillis, int rank) {
    }

    static final int DATA = 0;
    static final int METADATA = 1;
    static final int CHAIN = 2;
    static final int SEGMENT = 3;
    static final int OTHER = 4;

    private SealedFiles() {
    }

    public static List<Sealed> scan(Path dir) {
        List<Sealed> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                String relative = relative(dir, p);
                if (hidden(relative)) {
                    continue;
                }
                int rank = rank(relative);
                if (rank == DATA && !Files.exists(metadataOf(p))) {
                    continue;
                }
                try {
                    out.add(new Sealed(relative, p, Files.size(p), Files.getLastModifiedTime(p).toMillis(), rank));
                } catch (NoSuchFileException gone) {
                    // deleted by retention or compaction while we looked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e;
            }
        }
        out.sort(Comparator.comparingInt(Sealed::rank).thenComparing(Sealed::relative));
        return out;
    }

    static String relative(Path dir, Path p) {
        return dir.relativize(p).toString().replace('\\', '/');
    }

    /** Dot files anywhere on the path (locks, temporaries, our own state) and {@code .tmp} files are never sealed. */
    static boolean hidden(String relative) {
        for (String part : relative.split("/")) {
            if (part.startsWith(".")) {
                return true;
            }
        }
        return relative.endsWith(".tmp");
    }

    static int rank(String relative) {
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        if (BackupId.isValid(stem(name, ".db.gz")) || BackupId.isValid(stem(name, ".db"))) {
            return DATA;
        }
        if (BackupId.isValid(stem(name, ".json"))) {
            return METADATA;
        }
        if (relative.startsWith("archive/") && name.equals("chain.json")) {
            return CHAIN;
        }
        if (relative.startsWith("archive/") && relative.contains("/segments/")) {
            return SEGMENT;
        }
        return OTHER;
    }

    /** The files that must be in the bucket before {@code relative} may be uploaded. */
    static List<String> prerequisites(String relative, List<Sealed> all) {
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        String parent = relative.contains("/") ? relative.substring(0, relative.lastIndexOf('/') + 1) : "";
        List<String> needs = new ArrayList<>();
        switch (rank(relative)) {
            case METADATA -> {
                String id = stem(name, ".json");
                for (Sealed s : all) {
                    if (s.relative().equals(parent + id + ".db.gz") || s.relative().equals(parent + id + ".db")) {
                        needs.add(s.relative());
                    }
                }
            }
            case CHAIN -> {
                for (Sealed s : all) {
                    if (s.relative().startsWith(parent + "base/")) {
                        needs.add(s.relative());
                    }
                }
            }
            case SEGMENT -> {
                String chainDir = relative.substring(0, relative.indexOf("/segments/") + 1);
                needs.add(chainDir + "chain.json");
            }
            default -> {
            }
        }
        return needs;
    }

    /** The chain directory ({@code archive/<chain>/}) of a segment; null for any other file. */
    static String chainOfSegment(String relative) {
        return rank(relative) == SEGMENT ? relative.substring(0, relative.indexOf("/segments/") + 1) : null;
    }

    private static Path metadataOf(Path data) {
        String name = data.getFileName().toString();
        String id = name.endsWith(".db.gz") ? stem(name, ".db.gz") : stem(name, ".db");
        return data.resolveSibling(id + ".json");
    }

    private static String stem(String name, String suffix) {
        return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : "";
    }
}
