package dev.bri.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bri.archive.ChainId;
import dev.bri.archive.ChainManifest;
import dev.bri.backup.BackupBusyException;
import dev.bri.backup.BackupId;
import dev.bri.backup.BackupMetadata;
import dev.bri.backup.BackupStore;
import dev.bri.backup.LedgerRestoreHook;
import dev.bri.backup.LocalEncryption;
import dev.bri.backup.OfflineBackups;
import dev.bri.backup.RestoreHook;
import dev.bri.backup.RestoreProgress;
import dev.bri.backup.Retention;
import dev.bri.backup.SqliteBackupsOnly;
import dev.bri.backup.Verification;
import dev.bri.encryption.AgeIdentity;
import dev.bri.erasure.ErasureLedger;
import dev.bri.erasure.LedgerEntry;
import dev.bri.erasure.LedgerReplay;
import dev.bri.offsite.ObjectStore;
import dev.bri.offsite.RemoteArchive;
import dev.bri.offsite.RemoteBackups;
import dev.bri.offsite.RemoteRestore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code backup create|list|verify|restore}, over HTTP ({@code --url}) or on the files of a stopped service. */
@Command(name = "backup", description = "Create, list, verify and restore backups", subcommands = {
        BackupCommand.Create.class, BackupCommand.ListBackups.class, BackupCommand.Verify.class,
        BackupCommand.Restore.class})
public final class BackupCommand {

    static final PrintStream OUT = System.out;
    static final PrintStream ERR = System.err;
    /** How often the CLI looks at a service that is working on its request. */
    static final java.time.Duration TICK = java.time.Duration.ofSeconds(1);

    /** Shared failure handling (busy and in-use get their own exit code) and progress output. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text: progress on "
                + "standard error (a bar with bytes, rate and ETA on a terminal, a plain line every 5 s otherwise), the "
                + "result on standard output; json: progress events and the result as JSON lines on standard output")
        String output;

        /** Progress and result lines of this run. */
        ProgressReporter progress;

        @Override
        public Integer call() {
            ProgressReporter.OutputFormat format;
            switch (output) {
                case "text" -> format = ProgressReporter.OutputFormat.TEXT;
                case "json" -> format = ProgressReporter.OutputFormat.JSON;
                default -> {
                    System.err.println("--output must be text or json");
                    return Exit.USAGE;
                }
            }
            progress = ProgressReporter.forConsole(format);
            int code = dispatch();
            progress.result(code);
            return code;
        }

        int dispatch() {
            if (!target.remote() && target.postgresql()) {
                // Offline commands work on the SQLite file; a PostgreSQL deployment has none to back up or replace.
                ERR.println("refused: " + SqliteBackupsOnly.PROCEDURE);
                return Exit.FAILED;
            }
            try {
                if (fromBucket()) {
                    return bucket();
                }
                return target.remote() ? remote(target.client()) : offline(offlineBackups());
            } catch (IllegalArgumentException e) {
                ERR.println(e.getMessage());
                return Exit.USAGE;
            } catch (AgeIdentity.IdentityException e) {
                ERR.println("refused: " + e.getMessage() + " (nothing was changed)");
                return Exit.FAILED;
            } catch (BackupBusyException | OfflineBackups.InUseException e) {
                ERR.println("refused: " + e.getMessage());
                return Exit.BUSY;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ERR.println("interrupted");
                return Exit.FAILED;
            } catch (Exception e) {
                ERR.println("failed: " + e.getMessage());
                return Exit.FAILED;
            }
        }

        OfflineBackups offlineBackups() {
            return new OfflineBackups(target.dataDir(), target.backupDir(), true, BriCli.version(), hooks(target),
                    localEncryption());
        }

        /** The service's bri.backup.encryption.*, read as the service reads it, so the CLI writes what it would. */
        LocalEncryption localEncryption() {
            return LocalEncryption.of(target.config().encryption());
        }

        abstract int remote(AdminClient client) throws Exception;

        /** True when the command works on the offsite bucket ({@code --remote} / {@code --from-s3}). */
        boolean fromBucket() {
            return false;
        }

        int bucket() throws Exception {
            throw new IllegalArgumentException("this command does not work on the bucket");
        }

        abstract int offline(OfflineBackups backups) throws Exception;

        static int httpFailure(AdminClient.Reply reply) {
            if (reply.notOnThisEngine()) {
                ERR.println("refused: " + reply.detail());
                return Exit.FAILED; // not busy: retrying will not help
            }
            ERR.println("failed: HTTP " + reply.status() + ": " + reply.detail());
            return reply.status() == 409 ? Exit.BUSY : Exit.FAILED;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Take a backup now")
    static final class Create extends Base {
        @Option(names = "--verify", description = "Verify the backup right after taking it")
        boolean verify;

        @Option(names = "--cleanup", description = "Apply the retention rules afterwards")
        boolean cleanup;

        @Option(names = "--no-gzip", description = "Offline only: store the backup uncompressed (the service uses "
                + "bri.backup.gzip)")
        boolean noGzip;

        @Override
        OfflineBackups offlineBackups() {
            return new OfflineBackups(target.dataDir(), target.backupDir(), !noGzip, BriCli.version(),
                    hooks(target), localEncryption());
        }

        @Override
        int remote(AdminClient client) throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("verify", verify);
            body.put("cleanup", cleanup);
            body.put("trigger", Target.trigger());
            AdminClient.Reply reply = client.postWatching("/admin/backups", body, TICK,
                    () -> progress.waiting("backup on the service"));
            progress.finish();
            if (!reply.ok()) {
                return httpFailure(reply);
            }
            JsonNode backup = reply.body().get("backup");
            String status = backup.path("verification").path("status").asText();
            progress.say(String.format("created %s (%d bytes, %.3f s)%s", backup.get("id").asText(),
                    backup.get("backup_bytes").asLong(), backup.get("duration_seconds").asDouble(),
                    verify ? ", verification " + status : ""));
            for (JsonNode deleted : reply.body().path("deleted")) {
                progress.say("deleted " + deleted.asText() + " (retention)");
            }
            return verify && !"passed".equals(status) ? Exit.FAILED : Exit.OK;
        }

        @Override
        int offline(OfflineBackups backups) throws Exception {
            BackupMetadata b = backups.create(Target.trigger(), progress::bytes);
            progress.finish();
            progress.say(String.format("created %s (%d bytes, %.3f s) in %s", b.id(), b.backupBytes(),
                    b.durationSeconds(), backups.store().dir()));
            int code = Exit.OK;
            if (verify) {
                Verification v = backups.verify(b.backupId(), progress::bytes);
                progress.finish();
                progress.say("verification " + v.status() + ": " + v.detail());
                code = v.passed() ? Exit.OK : Exit.FAILED;
            }
            if (cleanup) {
                for (Retention.Decision d : backups.cleanup(target.config().backup().policy())) {
                    if (!d.keep()) {
                        progress.say("deleted " + d.backup().id() + " (retention: " + d.reason() + ")");
                    }
                }
            }
            return code;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List backups, newest first")
    static final class ListBackups extends Base {
        @Option(names = "--json", description = "Print the metadata as JSON")
        boolean json;

        @Option(names = "--remote", description = "List the backups in the offsite bucket (bri.backup.s3.*)")
        boolean remoteBucket;

        @Mixin
        OffsiteOptions offsite;

        @Override
        boolean fromBucket() {
            return remoteBucket;
        }

        @Override
        int bucket() throws Exception {
            try (ObjectStore store = offsite.store()) {
                List<RemoteBackups.RemoteBackup> all = new RemoteBackups(store).list();
                if (json || "json".equals(output)) {
                    ObjectNode node = AdminClient.JSON.createObjectNode();
                    node.put("bucket", store.settings().describe());
                    node.put("count", all.size());
                    node.set("backups", AdminClient.JSON.valueToTree(all));
                    OUT.println(AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
                    return Exit.OK;
                }
                OUT.println("# " + store.settings().describe());
                OUT.printf("%-34s %-7s %-24s %12s %-9s %-10s%n", "ID", "KIND", "CREATED", "STORED_BYTES", "COMPLETE",
                        "VERIFIED");
                for (RemoteBackups.RemoteBackup b : all) {
                    OUT.printf("%-34s %-7s %-24s %12d %-9s %-10s%n", b.id(), b.kind(), b.created(), b.storedBytes(),
                            b.complete() ? "yes" : "no", b.verified());
                }
                return Exit.OK;
            }
        }

        @Override
        int remote(AdminClient client) throws Exception {
            AdminClient.Reply reply = client.get("/admin/backups");
            if (!reply.ok()) {
                return httpFailure(reply);
            }
            print(reply.body());
            return Exit.OK;
        }

        @Override
        int offline(OfflineBackups backups) throws Exception {
            ObjectNode node = AdminClient.JSON.createObjectNode();
            List<BackupMetadata> all = backups.list();
            node.put("count", all.size());
            node.set("backups", BackupStore.json().valueToTree(all));
            node.set("problems", BackupStore.json().valueToTree(backups.store().problems()));
            print(node);
            return Exit.OK;
        }

        private void print(JsonNode list) throws Exception {
            if (json || "json".equals(output)) {
                OUT.println(AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(list));
                return;
            }
            OUT.printf("%-34s %-7s %-24s %-8s %12s %-10s%n", "ID", "KIND", "CREATED", "TRIGGER", "BYTES",
                    "VERIFIED");
            for (JsonNode b : list.path("backups")) {
                OUT.printf("%-34s %-7s %-24s %-8s %12d %-10s%n", b.get("id").asText(), b.get("kind").asText(),
                        b.get("created_at").asText(), b.get("trigger").asText(), b.get("backup_bytes").asLong(),
                        b.path("verification").path("status").asText());
            }
            for (JsonNode p : list.path("problems")) {
                OUT.printf("%-34s INVALID: %s%n", p.get("id").asText(), p.get("detail").asText());
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify one backup or all: checksum, decompress, open, integrity_check, row counts")
    static final class Verify extends Base {
        @ArgGroup(multiplicity = "1")
        Which which;

        static final class Which {
            @Parameters(arity = "1", paramLabel = "ID", description = "Backup id")
            String id;

            @Option(names = "--all", required = true, description = "Verify every backup")
            boolean all;
        }

        @Option(names = "--remote", description = "Verify the copy in the offsite bucket: download, decrypt (needs "
                + "the identity), checksum, integrity_check, row counts; nothing local is changed")
        boolean remoteBucket;

        @Mixin
        OffsiteOptions offsite;

        @Override
        LocalEncryption localEncryption() {
            return super.localEncryption().withIdentityFile(offsite.identityFile);
        }

        @Override
        boolean fromBucket() {
            return remoteBucket;
        }

        @Override
        int bucket() throws Exception {
            if (which.all) {
                throw new IllegalArgumentException("--remote verifies one backup: pass its ID");
            }
            BackupId id = validId(which.id);
            AgeIdentity identity = offsite.identity();
            try (ObjectStore store = offsite.store()) {
                Path scratch = target.backupDir();
                java.nio.file.Files.createDirectories(scratch);
                Verification v = new RemoteBackups(store).verify(id, identity, scratch);
                return report(v.id(), v.status(), v.detail()) == 0 ? Exit.OK : Exit.FAILED;
            }
        }

        @Override
        int remote(AdminClient client) throws Exception {
            if (which.all) {
                AdminClient.Reply reply = client.postWatching("/admin/backups/verify", null, TICK,
                        () -> progress.waiting("verification on the service"));
                progress.finish();
                if (!reply.ok()) {
                    return httpFailure(reply);
                }
                int failed = 0;
                for (JsonNode r : reply.body().path("results")) {
                    failed += report(r.get("id").asText(), r.get("status").asText(), r.path("detail").asText());
                }
                return failed == 0 ? Exit.OK : Exit.FAILED;
            }
            validId(which.id);
            AdminClient.Reply reply = client.postWatching("/admin/backups/" + which.id + "/verify", null, TICK,
                    () -> progress.waiting("verification on the service"));
            progress.finish();
            if (!reply.ok()) {
                return httpFailure(reply);
            }
            return report(which.id, reply.body().get("status").asText(), reply.body().path("detail").asText()) == 0
                    ? Exit.OK
                    : Exit.FAILED;
        }

        @Override
        int offline(OfflineBackups backups) throws Exception {
            List<Verification> results = which.all
                    ? backups.verifyAll(progress::bytes)
                    : List.of(backups.verify(validId(which.id), progress::bytes));
            progress.finish();
            int failed = 0;
            for (Verification v : results) {
                failed += report(v.id(), v.status(), v.detail());
            }
            return failed == 0 ? Exit.OK : Exit.FAILED;
        }

        private int report(String id, String status, String detail) {
            progress.say(id + " " + status + ": " + detail);
            return "passed".equals(status) ? 0 : 1;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Restore a backup (safety backup first; rolled back on failure)")
    static final class Restore extends Base {
        @ArgGroup(multiplicity = "1")
        Which which;

        static final class Which {
            @Parameters(arity = "1", paramLabel = "ID", description = "Backup id")
            String id;

            @Option(names = "--latest", required = true, description = "The newest backup")
            boolean latest;

            @Option(names = "--at", required = true, paramLabel = "TIME", description = "The database as it was at TIME (RFC 3339, e.g. 2026-11-29T02:00:00Z, or 'latest'),"
                    + " rebuilt from the WAL archive; refused, naming the newest snapshot before it, when "
                    + "the archive does not cover TIME")
            String at;
        }

        @Option(names = "--to-file", paramLabel = "PATH", description = "With --at, offline: rebuild into this new "
                + "file and leave the data directory alone")
        java.nio.file.Path toFile;

        @Option(names = "--yes", description = "Confirm: the database is replaced")
        boolean yes;

        @Option(names = "--dry-run", description = "Report what would happen; change nothing")
        boolean dryRun;

        @Option(names = "--from-s3", description = "Disaster recovery: take the backup from the offsite bucket "
                + "(offline; needs the age identity), download and verify it into the backup directory, restore it; "
                + "with --at, download the archive chain that covers TIME and rebuild that time")
        boolean fromS3;

        @Mixin
        OffsiteOptions offsite;

        @Override
        LocalEncryption localEncryption() {
            return super.localEncryption().withIdentityFile(offsite.identityFile);
        }

        @Override
        boolean fromBucket() {
            return fromS3;
        }

        @Override
        int bucket() throws Exception {
            if (target.remote()) {
                throw new IllegalArgumentException("--from-s3 works offline on the volumes: drop --url");
            }
            AgeIdentity identity = offsite.identity();
            OfflineBackups backups = offlineBackups();
            try (ObjectStore store = offsite.store()) {
                store.checkBucket();
                RemoteBackups remote = new RemoteBackups(store);
                RemoteRestore restore = new RemoteRestore(remote, backups);
                Instant at = which.at == null ? null : PointInTimeRestore.parse(which.at);
                if (which.at != null) {
                    if (!new RemoteArchive(store).chainNames().isEmpty()) {
                        return pointInTime(store, remote, identity, at);
                    }
                    ERR.println("no WAL archive in " + store.settings().describe() + ": restoring the newest "
                            + "snapshot in the bucket taken at or before " + which.at + " instead (the state of that "
                            + "snapshot, not of " + which.at + ")");
                }
                RemoteBackups.RemoteBackup chosen = restore.choose(which.id == null ? null : validId(which.id), at);
                if (dryRun) {
                    java.nio.file.Files.createDirectories(backups.store().dir());
                    Verification v = remote.verify(chosen.backupId(), identity, backups.store().dir());
                    progress.say("dry run: would download " + chosen.id() + " (created " + chosen.created() + ") from "
                            + store.settings().describe() + " and restore it over " + backups.databaseFile());
                    progress.say("verification " + v.status() + ": " + v.detail());
                    return v.passed() ? Exit.OK : Exit.FAILED;
                }
                RemoteRestore.Outcome outcome = restore.restore(chosen, identity);
                progress.say("restored " + outcome.restored().id() + " from " + store.settings().describe() + " over "
                        + backups.databaseFile() + (outcome.safetyId() == null
                                ? " (the data directory was empty)"
                                : " (safety backup " + outcome.safetyId() + ")"));
                return Exit.OK;
            }
        }

        /**
         * {@code --from-s3 --at}: the chain of the bucket that covers the time is downloaded (checked object by
         * object) into the backup directory, or with {@code --dry-run} into a scratch directory removed afterwards,
         * then planned and rebuilt by the same code as a local {@code --at}.
         */
        private int pointInTime(ObjectStore store, RemoteBackups remote, AgeIdentity identity, Instant at)
                throws Exception {
            Path backupDir = target.backupDir();
            RemoteArchive archive = new RemoteArchive(store);
            PointInTimeRestore.SnapshotHint inBucket = before -> remote.select(before)
                    .map(b -> "bri-context backup restore --from-s3 " + b.id() + " --yes (taken " + b.created() + ")");
            Optional<ChainManifest> chain = archive.chainFor(at, identity, backupDir);
            if (chain.isEmpty()) {
                ERR.println("refused: no archive in " + store.settings().describe() + " covers " + which.at
                        + ": its oldest chain starts at " + archive.chains(identity, backupDir).get(0).startedAt());
                inBucket.restoreCommand(at).ifPresent(command -> ERR.println(
                        "to restore the newest snapshot before it: " + command));
                return Exit.FAILED;
            }
            Path into = dryRun
                    ? java.nio.file.Files.createTempDirectory(java.nio.file.Files.createDirectories(backupDir),
                            ".offsite-plan-")
                    : backupDir;
            try {
                int written = archive.fetch(new ChainId(chain.get().id()), into, identity);
                progress.say("downloaded chain " + chain.get().id() + " from " + store.settings().describe() + " ("
                        + written + " file(s) written, each checked against its SHA-256)");
                return PointInTimeRestore.offline(target.dataDir(), into, target.ledgerDir(), at, toFile, dryRun,
                        inBucket, dryRun ? null : offlineBackups());
            } finally {
                if (dryRun) {
                    RemoteBackups.deleteTree(into);
                }
            }
        }

        @Override
        int dispatch() {
            if (toFile != null && (which.at == null || target.remote())) {
                ERR.println("--to-file works offline with --at (the archive is read from --backup-dir)");
                return Exit.USAGE;
            }
            if (!yes && !dryRun && toFile == null) {
                ERR.println("restore replaces the database: add --yes to confirm, or --dry-run to preview");
                return Exit.USAGE;
            }
            // --from-s3 --at is handled by bucket(): the bucket's chain is downloaded first
            if (which.at != null && !target.remote() && !fromS3) {
                try {
                    if (toFile != null || PointInTimeRestore.archiveExists(target)) {
                        return PointInTimeRestore.offline(target, which.at, toFile, dryRun, offlineBackups());
                    }
                    ERR.println("no WAL archive in " + target.backupDir() + ": restoring the newest snapshot taken "
                            + "at or before " + which.at + " instead (the state of that snapshot, not of " + which.at
                            + ")");
                } catch (IllegalArgumentException e) {
                    ERR.println(e.getMessage());
                    return Exit.USAGE;
                }
            }
            return super.dispatch();
        }

        @Override
        int remote(AdminClient client) throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            if (which.id != null) {
                body.put("backup_id", validId(which.id).value());
            } else if (which.latest) {
                body.put("latest", true);
            } else {
                body.put("at", "latest".equals(which.at) ? "latest" : parseAt(which.at).toString());
            }
            body.put("dry_run", dryRun);
            DrainWatch drain = new DrainWatch(client, progress);
            AdminClient.Reply reply = client.postWatching("/admin/restore", body, TICK, drain::tick);
            progress.finish();
            if (!reply.ok()) {
                return httpFailure(reply);
            }
            JsonNode r = reply.body();
            JsonNode plan = r.path("point_in_time");
            if (plan.isObject()) {
                progress.say(String.format("plan: chain %s, base snapshot %s (%s), %d segment file(s), %d "
                        + "transaction(s); state reached: commit of %s", plan.path("chain").asText(),
                        plan.path("base_backup_id").asText(), plan.path("base_taken_at").asText(),
                        plan.path("segments").asInt(), plan.path("transactions").asLong(),
                        plan.hasNonNull("reached_commit_at")
                                ? plan.path("reached_commit_at").asText()
                                : plan.path("base_taken_at").asText()));
            }
            progress.say(r.get("status").asText() + " " + r.get("backup_id").asText()
                    + (r.hasNonNull("safety_backup_id")
                            ? " (safety backup " + r.get("safety_backup_id").asText() + ")"
                            : ""));
            for (JsonNode step : r.path("steps")) {
                progress.say("  " + step.asText());
            }
            return dryRun && !"passed".equals(r.path("verification").path("status").asText())
                    ? Exit.FAILED
                    : Exit.OK;
        }

        @Override
        int offline(OfflineBackups backups) throws Exception {
            BackupMetadata b = backups.choose(which.id == null ? null : validId(which.id),
                    which.id != null || which.latest ? null : parseAt(which.at));
            if (dryRun) {
                Verification v = backups.verify(b.backupId(), progress::bytes);
                progress.finish();
                progress.say("dry run: would restore " + b.id() + " (created " + b.createdAt() + ", rows "
                        + b.rowCounts() + ") over " + backups.databaseFile() + " after a safety backup");
                progress.say("verification " + v.status() + ": " + v.detail());
                return v.passed() ? Exit.OK : Exit.FAILED;
            }
            OfflineBackups.RestoreOutcome outcome = backups.restore(b, new RestoreProgress() {
                @Override
                public void step(Step step, String detail) {
                    progress.finish();
                    progress.say("  " + detail);
                }

                @Override
                public void bytes(Step step, long done, long total) {
                    progress.bytes(step.name().toLowerCase(java.util.Locale.ROOT), done, total);
                }
            });
            progress.say("restored " + b.id() + " over " + backups.databaseFile() + " (safety backup "
                    + outcome.safety().id() + ")");
            return Exit.OK;
        }
    }

    /**
     * While the service restores: says when the restore waits for writes that were already running to finish (the
     * maintenance hold drains them before the safety backup), else that the restore runs.
     */
    static final class DrainWatch {
        private final AdminClient client;
        private final ProgressReporter progress;
        private int reported = -1;

        DrainWatch(AdminClient client, ProgressReporter progress) {
            this.client = client;
            this.progress = progress;
        }

        void tick() throws java.io.IOException, InterruptedException {
            AdminClient.Reply state = client.get("/admin/maintenance");
            int running = state.ok() && state.body().path("active").asBoolean()
                    ? state.body().path("writes_running").asInt()
                    : 0;
            if (running > 0 && running != reported) {
                progress.message("waiting for " + running + " write(s) already running to finish before the "
                        + "database is replaced (new writes are held, reads are served)");
            }
            reported = running;
            progress.waiting("restore on the service");
        }
    }

    /** The restore hooks of the offline CLI: the erasure ledger, each re-application printed as an audit record. */
    static List<RestoreHook> hooks(Target target) {
        return List.of(new LedgerRestoreHook(new ErasureLedger(target.ledgerDir()), BackupCommand::printReapplied));
    }

    /** The offline record of a re-applied erasure, with the audit log's field names. */
    static void printReapplied(LedgerReplay.Applied a) {
        ObjectNode audit = AdminClient.JSON.createObjectNode();
        audit.put("audit_action", "erasure.reapply");
        audit.put("audit_target", switch (a.entry().kind()) {
            case LedgerEntry.MEMORY_BEFORE -> "memory before " + a.entry().before();
            case LedgerEntry.MEMORY_CLEAR -> a.entry().videoId() + " memory";
            default -> a.entry().videoId();
        });
        audit.put("audit_outcome", "success");
        audit.put("audit_actor", "cli");
        audit.put("audit_detail", "ledger record " + a.entry().seq() + " of " + a.entry().at()
                + " applied again after a restore (" + a.rows() + " row(s))");
        OUT.println(audit);
    }

    static BackupId validId(String id) {
        if (!BackupId.isValid(id)) {
            throw new IllegalArgumentException("invalid backup id '" + id + "': " + BackupId.MESSAGE);
        }
        return new BackupId(id);
    }

    static Instant parseAt(String at) {
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--at must be an ISO-8601 UTC time such as 2026-11-29T02:00:00Z");
        }
    }
}
