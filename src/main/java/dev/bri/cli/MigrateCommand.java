package dev.bri.cli;

import dev.bri.migration.Endpoint;
import dev.bri.migration.EngineMigration;
import dev.bri.migration.MigrationException;
import dev.bri.migration.MigrationProgress;
import dev.bri.migration.TableCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code migrate}: moves a deployment between engines, SQLite to PostgreSQL ({@code --from-sqlite --to}) or back
 * ({@code --from --to-sqlite}). Offline: the service on the source must be stopped. See
 * docs/BACKUP_RESTORE_GUIDE.md, "Moving between engines".
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = {
        "Copy every video, item, lineage record, transcript, memory turn and pipeline event to a database of the "
                + "other engine, resumable (run it again after an interruption) and verified (row counts and "
                + "checksums of every table) before it reports success. Stop the service on the source first.",
        "PostgreSQL credentials: --pg-user and --pg-password-file, else QUARKUS_DATASOURCE_POSTGRESQL_USERNAME "
                + "and QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD, else user/password in the JDBC URL."})
public final class MigrateCommand implements Callable<Integer> {

    static final class From {
        @Option(names = "--from-sqlite", paramLabel = "<file>", description = "The SQLite database to copy (<data-dir>/bri.db)")
        Path sqlite;

        @Option(names = "--from", paramLabel = "<jdbc url>", description = "The PostgreSQL database to copy (jdbc:postgresql://host:5432/bri)")
        String url;
    }

    static final class To {
        @Option(names = "--to", paramLabel = "<jdbc url>", description = "The PostgreSQL database to copy into; empty, or holding an interrupted migration from the same source")
        String url;

        @Option(names = "--to-sqlite", paramLabel = "<file>", description = "The SQLite file to create (<data-dir>/bri.db); absent, or holding an interrupted migration from the same source")
        Path sqlite;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    From from;

    @ArgGroup(exclusive = true, multiplicity = "1")
    To to;

    @Option(names = "--pg-user", paramLabel = "<name>", description = "PostgreSQL user")
    String pgUser;

    @Option(names = "--pg-password-file", paramLabel = "<file>", description = "File holding the PostgreSQL password (never on the command line)")
    Path pgPasswordFile;

    @Option(names = "--batch-size", defaultValue = "5000", description = "Rows per committed batch (default ${DEFAULT-VALUE})")
    int batchSize;

    @Override
    public Integer call() {
        if ((from.sqlite != null) == (to.sqlite != null)) {
            System.err.println("migrate copies between engines: --from-sqlite with --to, or --from with --to-sqlite");
            return Exit.USAGE;
        }
        if (batchSize < 1) {
            System.err.println("--batch-size must be at least 1");
            return Exit.USAGE;
        }
        Endpoint source;
        Endpoint target;
        try {
            CliConfig config = CliConfig.load();
            String user = pgUser != null ? pgUser : config.postgresql("username").orElse(null);
            String password = pgPasswordFile != null
                    ? Files.readString(pgPasswordFile, StandardCharsets.UTF_8).strip()
                    : config.postgresql("password").orElse(null);
            source = from.sqlite != null ? Endpoint.sqlite(from.sqlite) : Endpoint.postgresql(from.url, user, password);
            target = to.sqlite != null ? Endpoint.sqlite(to.sqlite) : Endpoint.postgresql(to.url, user, password);
        } catch (IOException e) {
            System.err.println("cannot read --pg-password-file: " + e.getMessage());
            return Exit.USAGE;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return Exit.USAGE;
        }
        ProgressReporter reporter = ProgressReporter.forConsole(ProgressReporter.OutputFormat.TEXT);
        MigrationProgress listener = new MigrationProgress() {
            @Override
            public void message(String text) {
                reporter.message(text);
            }

            @Override
            public void rows(String table, long done, long total, long bytes, long totalBytes) {
                reporter.bytes(table, bytes, totalBytes);
            }

            @Override
            public void tableDone(String table) {
                reporter.message(table + ": copied");
                reporter.finish();
            }
        };
        long started = System.nanoTime();
        int code;
        try {
            EngineMigration.Result result = new EngineMigration(source, target, batchSize, listener).run();
            long rows = result.tables().stream().mapToLong(TableCheck::rows).sum();
            reporter.say(String.format(Locale.ROOT, "migrated %s -> %s: %d rows in %d tables%s, verified (row counts "
                    + "and sha256 of every table equal), schema version %s, %.1f s (copy %.1f s, verify %.1f s)",
                    source, target, rows, result.tables().size(), result.resumed() ? " (resumed)" : "",
                    result.schemaVersion(), (System.nanoTime() - started) / 1e9, result.copySeconds(),
                    result.verifySeconds()));
            for (TableCheck t : result.tables()) {
                reporter.say(String.format(Locale.ROOT, "  %-16s %10d rows  sha256 %s", t.table(), t.rows(),
                        t.sha256()));
            }
            code = Exit.OK;
        } catch (MigrationException e) {
            reporter.finish();
            System.err.println("migrate failed: " + e.getMessage());
            code = e.reason() == MigrationException.Reason.BUSY ? Exit.BUSY : Exit.FAILED;
        }
        reporter.result(code);
        return code;
    }
}
