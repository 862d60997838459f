package dev.bri.offsite;

import dev.bri.archive.ChainId;
import dev.bri.backup.BackupMetadata;
import dev.bri.backup.BackupStore;
import dev.bri.backup.Retention;
import dev.bri.backup.RetentionPolicy;
import dev.bri.backup.Verification;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Retention in the bucket, by the same rules as the backup volume ({@link Retention}: the newest verified backup is
 * always kept). Deliberately conservative, because the bucket is the copy of last resort:
 * <ul>
 * <li>nothing is deleted while the local directory holds no verified backup (a fresh or lost volume must never
 * empty the bucket that is about to restore it);
 * <li>a backup still present locally is never deleted remotely (it would be uploaded again);
 * <li>nothing under Object Lock retention is deleted (in a versioned, locked bucket a delete would only hide it);
 * <li>metadata goes first (the backup is uncommitted), then the backup file;
 * <li>an archive chain (its base snapshot, segments and {@code chain.json}) is deleted only when it is gone locally,
 * is not the newest complete chain in the bucket, and every time it covers lies before the archive window
 * ({@code bri.backup.archive.window}): the next complete chain started before {@code now - window}.
 * </ul>
 */
final class RemoteRetention {

    /** What a run did: deleted backups and chains, and what retention would delete but Object Lock still holds. */
    record Outcome(List<String> deleted, List<String> locked) {
    }

    private RemoteRetention() {
    }

    static Outcome apply(RemoteBackups remote, ObjectStore store, BackupStore local, RetentionPolicy policy,
            Duration archiveWindow, Instant now) throws IOException {
        List<String> deleted = new ArrayList<>();
        List<String> locked = new ArrayList<>();
        boolean localEstablished = local.list().stream().anyMatch(b -> b.regular() && b.verified());
        if (!localEstablished) {
            return new Outcome(deleted, locked);
        }
        List<BackupMetadata> inBucket = new ArrayList<>();
        for (RemoteBackups.RemoteBackup b : remote.list()) {
            if (b.complete()) {
                Verification v = new Verification(b.id(), b.verified(), null, "as uploaded");
                inBucket.add(new BackupMetadata(b.id(), b.kind(), b.created().toString(), null, null, null, null, 0,
                        null, null, 0, b.storedBytes(), null, Map.of(), 0, v));
            }
        }
        for (Retention.Decision d : Retention.plan(inBucket, policy, now)) {
            String id = d.backup().id();
            if (d.keep() || Files.exists(local.metadataFile(d.backup().backupId()))) {
                continue;
            }
            List<String> keys = List.of(Replicator.objectName(id + ".json"), Replicator.objectName(id + ".db.gz"),
                    Replicator.objectName(id + ".db"));
            Optional<Instant> until = lockedUntil(store, keys, now);
            if (until.isPresent()) {
                locked.add(id + " (Object Lock until " + until.get() + ")");
                continue;
            }
            for (String key : keys) {
                store.delete(key);
            }
            deleted.add(id);
        }
        chains(store, local, archiveWindow, now, deleted, locked);
        return new Outcome(deleted, locked);
    }

    /** The first retention still in force among {@code keys}, newest-named first (one call per key at most). */
    private static Optional<Instant> lockedUntil(ObjectStore store, List<String> keys, Instant now)
            throws IOException {
        List<String> newestFirst = new ArrayList<>(keys);
        newestFirst.sort(java.util.Comparator.reverseOrder());
        for (String key : newestFirst) {
            Optional<Instant> until = store.lockedUntil(key);
            if (until.isPresent() && until.get().isAfter(now)) {
                return until;
            }
        }
        return Optional.empty();
    }

    private static void chains(ObjectStore store, BackupStore local, Duration window, Instant now,
            List<String> deleted, List<String> locked) throws IOException {
        Map<String, List<String>> objectsByChain = new TreeMap<>();
        TreeSet<String> complete = new TreeSet<>();
        for (ObjectStore.RemoteObject o : store.list(RemoteArchive.PREFIX)) {
            String[] parts = o.key().split("/");
            if (parts.length < 3 || !ChainId.isValid(parts[1])) {
                continue;
            }
            objectsByChain.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(o.key());
            if (parts.length == 3 && parts[2].equals(RemoteArchive.MANIFEST_OBJECT)) {
                complete.add(parts[1]);
            }
        }
        if (complete.isEmpty()) {
            return;
        }
        Instant windowStart = now.minus(window);
        for (var chain : objectsByChain.entrySet()) {
            String name = chain.getKey();
            String next = complete.higher(name);
            if (next == null || Files.exists(local.dir().resolve(RemoteArchive.PREFIX).resolve(name))) {
                continue; // the newest complete chain (or newer), or still on the volume
            }
            if (startedAt(store, next).isAfter(windowStart)) {
                continue; // this chain still covers times inside the archive window
            }
            List<String> keys = new ArrayList<>(chain.getValue());
            Optional<Instant> until = lockedUntil(store, keys, now);
            if (until.isPresent()) {
                locked.add(RemoteArchive.PREFIX + name + " (Object Lock until " + until.get() + ")");
                continue;
            }
            // chain.json first: the chain stops being restorable before its parts disappear
            keys.sort((a, b) -> Boolean.compare(!a.endsWith("/" + RemoteArchive.MANIFEST_OBJECT),
                    !b.endsWith("/" + RemoteArchive.MANIFEST_OBJECT)));
            for (String key : keys) {
                store.delete(key);
            }
            deleted.add(RemoteArchive.PREFIX + name);
        }
    }

    /**
     * When a complete chain in the bucket started: the {@code bri-started-at} its {@code chain.json} was uploaded
     * with (the service cannot decrypt the manifest). Without it (uploaded by an older version) the chain counts as
     * starting now-or-later, which keeps the chains before it: the time in its name is earlier than the real start
     * (the id is made before the base snapshot) and would err towards deleting.
     */
    static Instant startedAt(ObjectStore store, String chain) throws IOException {
        Optional<String> recorded = store.head(RemoteArchive.PREFIX + chain + "/" + RemoteArchive.MANIFEST_OBJECT)
                .map(h -> h.metadata().get(Replicator.META_STARTED_AT));
        if (recorded.isPresent()) {
            return Instant.parse(recorded.get());
        }
        return Instant.MAX;
    }
}
