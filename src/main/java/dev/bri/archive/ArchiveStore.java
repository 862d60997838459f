package dev.bri.archive;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bri.backup.BackupStore;
import dev.bri.io.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The archive directory, {@code <backup-dir>/archive}: one directory per chain holding {@code chain.json}, the base
 * snapshot under {@code base/} and sealed segments under {@code segments/} named by the seal sequence numbers they
 * cover. Work in progress starts with a dot; a file with its final name is sealed and never changes.
 */
public final class ArchiveStore {

    public static final String MANIFEST = "chain.json";
    /** The archive's directory below the backup directory (and its key prefix in the offsite bucket). */
    public static final String ARCHIVE_DIR = "archive";
    private static final Pattern SEGMENT = Pattern.compile("([0-9]{12})-([0-9]{12})\\.seg");
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** A sealed segment file and the sequence numbers its name says it covers. */
    public record SegmentRef(long firstSeq, long lastSeq, Path file) {
        public long width() {
            return lastSeq - firstSeq + 1;
        }
    }

    private final Path root;

    public ArchiveStore(Path backupDir) {
        this.root = backupDir.toAbsolutePath().normalize().resolve(ARCHIVE_DIR);
    }

    public Path root() {
        return root;
    }

    public Path chainDir(ChainId id) {
        return root.resolve(id.value());
    }

    public BackupStore baseStore(ChainId id) {
        return new BackupStore(chainDir(id).resolve("base"));
    }

    public Path segmentsDir(ChainId id) {
        return chainDir(id).resolve("segments");
    }

    public Path segmentFile(ChainId id, long firstSeq, long lastSeq) {
        return segmentsDir(id).resolve(String.format("%012d-%012d.seg", firstSeq, lastSeq));
    }

    /** The unsealed segment being written (dot-prefixed: never uploaded, never read as sealed). */
    public Path pendingFile(ChainId id) {
        return chainDir(id).resolve(".pending.seg");
    }

    public void createChainDirs(ChainId id) throws IOException {
        Files.createDirectories(segmentsDir(id));
        Files.createDirectories(chainDir(id).resolve("base"));
    }

    /** Writes chain.json atomically: the commit point of a chain. */
    public void writeManifest(ChainManifest manifest) throws IOException {
        ChainId id = new ChainId(manifest.id());
        Path temp = chainDir(id).resolve("." + MANIFEST + ".tmp");
        Files.write(temp, JSON.writeValueAsBytes(manifest));
        DurableFiles.fsync(temp);
        DurableFiles.publish(temp, chainDir(id).resolve(MANIFEST));
    }

    public Optional<ChainManifest> manifest(ChainId id) {
        Path file = chainDir(id).resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(readManifest(file));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + MANIFEST + " of " + id, e);
        }
    }

    /** Parses a {@code chain.json} wherever it is (the offsite restore reads one downloaded to a scratch file). */
    public static ChainManifest readManifest(Path file) throws IOException {
        return JSON.readValue(file.toFile(), ChainManifest.class);
    }

    /** Committed chains (with a readable chain.json), oldest first. */
    public List<ChainManifest> chains() {
        List<ChainManifest> chains = new ArrayList<>();
        for (ChainId id : chainIds()) {
            try {
                manifest(id).ifPresent(chains::add);
            } catch (UncheckedIOException e) {
                // an unreadable manifest is not a chain; verification reports it
            }
        }
        return chains;
    }

    /** Every chain directory, committed or not, oldest first. */
    public List<ChainId> chainIds() {
        List<ChainId> ids = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return ids;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (Files.isDirectory(d) && ChainId.isValid(name)) {
                    ids.add(new ChainId(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    /** Sealed segments of a chain ordered by first sequence number, widest first on ties. */
    public List<SegmentRef> segments(ChainId id) {
        List<SegmentRef> refs = new ArrayList<>();
        Path dir = segmentsDir(id);
        if (!Files.isDirectory(dir)) {
            return refs;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Matcher m = SEGMENT.matcher(f.getFileName().toString());
                if (m.matches()) {
                    long first = Long.parseLong(m.group(1));
                    long last = Long.parseLong(m.group(2));
                    if (last >= first) {
                        refs.add(new SegmentRef(first, last, f));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        refs.sort(Comparator.comparingLong(SegmentRef::firstSeq)
                .thenComparing(Comparator.comparingLong(SegmentRef::lastSeq).reversed()));
        return refs;
    }

    /** Removes a whole chain: chain.json first (the chain stops existing), then everything else. */
    public void deleteChain(ChainId id) throws IOException {
        Path dir = chainDir(id);
        Files.deleteIfExists(dir.resolve(MANIFEST));
        if (Files.isDirectory(dir)) {
            DurableFiles.fsyncDir(dir);
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        if (Files.isDirectory(root)) {
            DurableFiles.fsyncDir(root);
        }
    }

    /** Bytes of every file under the archive (sealed or not). */
    public long bytes() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
