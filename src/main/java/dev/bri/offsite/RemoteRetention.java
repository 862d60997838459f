package dev.bri.offsite;

import dev.bri.backup.BackupMetadata;
import dev.bri.backup.BackupStore;
import dev.bri.backup.Retention;
import dev.bri.backup.RetentionPolicy;
import dev.bri.backup.Verification;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Retention in the bucket, by the same rules as the backup volume ({@link Retention}: the newest verified backup is
 * always kept). Deliberately conservative, because the bucket is the copy of last resort:
 * <ul>
 * <li>nothing is deleted while the local directory holds no verified backup (a fresh or lost volume must never
 * empty the bucket that is about to restore it);
 * <li>a backup still present locally is never deleted remotely (it would be uploaded again);
 * <li>metadata goes first (the backup is uncommitted), then the backup file;
 * <li>an archive chain is deleted only when it is gone locally, a newer chain is complete in the bucket, and it
 * started before the oldest backup retention keeps.
 * </ul>
 * Objects under Object Lock refuse deletion until their retention ends; that is reported and tried again later.
 */
final class RemoteRetention {

    private RemoteRetention() {
    }

    /** Returns the backups and chains deleted from the bucket. */
    static List<String> apply(RemoteBackups remote, ObjectStore store, BackupStore local, RetentionPolicy policy,
            Instant now) throws IOException {
        List<String> deleted = new ArrayList<>();
        boolean localEstablished = local.list().stream().anyMatch(b -> "backup".equals(b.kind()) && b.verified());
        if (!localEstablished) {
            return deleted;
        }
        List<BackupMetadata> inBucket = new ArrayList<>();
        for (RemoteBackups.RemoteBackup b : remote.list()) {
            if (b.complete()) {
                Verification v = new Verification(b.id(), b.verified(), null, "as uploaded");
                inBucket.add(new BackupMetadata(b.id(), b.kind(), b.created().toString(), null, null, null, null, 0,
                        null, null, 0, b.storedBytes(), null, Map.of(), 0, v));
            }
        }
        Instant oldestKept = null;
        for (Retention.Decision d : Retention.plan(inBucket, policy, now)) {
            String id = d.backup().id();
            if (d.keep() || Files.exists(local.metadataFile(d.backup().backupId()))) {
                if ("backup".equals(d.backup().kind())
                        && (oldestKept == null || d.backup().created().isBefore(oldestKept))) {
                    oldestKept = d.backup().created();
                }
                continue;
            }
            store.delete(Replicator.objectName(id + ".json"));
            store.delete(Replicator.objectName(id + ".db.gz"));
            store.delete(Replicator.objectName(id + ".db"));
            deleted.add(id);
        }
        deleted.addAll(chains(store, local, oldestKept));
        return deleted;
    }

    private static List<String> chains(ObjectStore store, BackupStore local, Instant oldestKept) throws IOException {
        List<String> deleted = new ArrayList<>();
        if (oldestKept == null) {
            return deleted;
        }
        Map<String, List<String>> objectsByChain = new TreeMap<>();
        TreeSet<String> complete = new TreeSet<>();
        for (ObjectStore.RemoteObject o : store.list("archive/")) {
            String[] parts = o.key().split("/");
            if (parts.length < 3) {
                continue;
            }
            objectsByChain.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(o.key());
            if (parts.length == 3 && parts[2].equals(Replicator.objectName("chain.json"))) {
                complete.add(parts[1]);
            }
        }
        if (complete.isEmpty()) {
            return deleted;
        }
        String newestComplete = complete.last();
        for (var chain : objectsByChain.entrySet()) {
            String name = chain.getKey();
            if (name.compareTo(newestComplete) >= 0 || Files.exists(local.dir().resolve("archive").resolve(name))
                    || !startedBefore(name, oldestKept)) {
                continue;
            }
            List<String> keys = new ArrayList<>(chain.getValue());
            // chain.json first: the chain stops being restorable before its parts disappear
            keys.sort((a, b) -> Boolean.compare(!a.endsWith("/chain.json" + Replicator.SUFFIX),
                    !b.endsWith("/chain.json" + Replicator.SUFFIX)));
            for (String key : keys) {
                store.delete(key);
            }
            deleted.add("archive/" + name);
        }
        return deleted;
    }

    /** Chain names are {@code chain-<yyyyMMdd'T'HHmmssSSS'Z'>-<hex>}; anything else is left alone. */
    static boolean startedBefore(String chain, Instant instant) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("chain-([0-9]{8}T[0-9]{9}Z)-[0-9a-f]+")
                .matcher(chain);
        if (!m.matches()) {
            return false;
        }
        Instant started = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).parse(m.group(1), Instant::from);
        return started.isBefore(instant);
    }
}
