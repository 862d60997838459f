package dev.bri.offsite;

import dev.bri.archive.ArchiveStore;
import dev.bri.archive.ChainId;
import dev.bri.archive.ChainManifest;
import dev.bri.archive.PointInTime;
import dev.bri.encryption.AgeIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The WAL archive in the bucket, for {@code backup restore --from-s3 --at}: reads the chains' manifests, picks the
 * chain a restore to the time replays (by {@link PointInTime#chainFor}, the rule of the local restore), and downloads
 * that chain (base snapshot, segments, {@code chain.json} last) into the local backup directory. Planning, gap checks
 * and the rebuild are then dev.bri.archive's, exactly as for a local {@code --at}: there is one restore to a time.
 */
public final class RemoteArchive {

    static final String PREFIX = ArchiveStore.ARCHIVE_DIR + "/";
    static final String MANIFEST_OBJECT = Replicator.objectName(ArchiveStore.MANIFEST);

    private final ObjectStore store;
    private final RemoteBackups remote;

    public RemoteArchive(ObjectStore store) {
        this.store = store;
        this.remote = new RemoteBackups(store);
    }

    /** Names of the chains whose {@code chain.json} is in the bucket (committed remotely), oldest first. */
    public List<String> chainNames() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (ObjectStore.RemoteObject o : store.list(PREFIX)) {
            String[] parts = o.key().split("/");
            if (parts.length == 3 && parts[2].equals(MANIFEST_OBJECT) && ChainId.isValid(parts[1])) {
                names.add(parts[1]);
            }
        }
        return new ArrayList<>(names);
    }

    /** Every committed chain's manifest, decrypted and checked (needs the identity). */
    public List<ChainManifest> chains(AgeIdentity identity, Path scratchParent) throws IOException {
        List<ChainManifest> chains = new ArrayList<>();
        Path scratch = Files.createTempDirectory(Files.createDirectories(scratchParent), ".offsite-chains-");
        try {
            for (String name : chainNames()) {
                Path file = remote.download(PREFIX + name + "/" + ArchiveStore.MANIFEST, scratch, identity);
                ChainManifest manifest = ArchiveStore.readManifest(file);
                if (!name.equals(manifest.id())) {
                    throw new RemoteBackups.TamperedException("object " + PREFIX + name + "/"
                            + MANIFEST_OBJECT + " holds the manifest of " + manifest.id(), null);
                }
                chains.add(manifest);
            }
            return chains;
        } finally {
            RemoteBackups.deleteTree(scratch);
        }
    }

    /** The chain in the bucket a restore to {@code target} replays (null target: the newest). */
    public Optional<ChainManifest> chainFor(Instant target, AgeIdentity identity, Path scratchParent)
            throws IOException {
        return PointInTime.chainFor(chains(identity, scratchParent), target);
    }

    /**
     * Downloads one chain into {@code backupDir}'s archive (each object decrypted, checked against its SHA-256, and
     * only then given its final name; files already there with the same content are kept); returns how many files
     * were written.
     */
    public int fetch(ChainId chain, Path backupDir, AgeIdentity identity) throws IOException {
        return remote.fetchTree(PREFIX + chain.value() + "/", backupDir, identity);
    }
}
