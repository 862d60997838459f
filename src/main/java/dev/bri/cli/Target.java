package dev.bri.cli;

import dev.bri.storage.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where a command works: a running service ({@code --url}, token from {@code bri.admin.token} or
 * {@code --token-file}) or the files of a stopped one ({@code --data-dir}/{@code --backup-dir}). What an option does not
 * say comes from the service's configuration ({@link CliConfig}): {@code bri.data-dir}, {@code bri.backup.dir},
 * {@code bri.erasure.ledger-dir}, {@code bri.storage.engine}, with their environment variables and defaults.
 */
public final class Target {

    @Option(names = "--url", description = "Base URL of a running service, e.g. http://bri-context:8080")
    String url;

    @Option(names = "--token-file", description = "File holding the admin token (default: bri.admin.token, env "
            + "BRI_ADMIN_TOKEN)")
    Path tokenFile;

    @Option(names = "--data-dir", description = "Data directory of a stopped service (default: bri.data-dir, env "
            + "BRI_DATA_DIR)")
    Path dataDir;

    @Option(names = "--backup-dir", description = "Backup directory (default: bri.backup.dir, env BRI_BACKUP_DIR)")
    Path backupDir;

    @Option(names = "--engine", description = "Storage engine of the deployment, sqlite or postgresql (default: "
            + "bri.storage.engine, env BRI_STORAGE_ENGINE)")
    String engine;

    @Option(names = "--timeout", defaultValue = "PT30M", description = "HTTP request timeout (ISO-8601, default PT30M)")
    Duration timeout;

    boolean remote() {
        return url != null && !url.isBlank();
    }

    /** The service's configuration with this command's options in it. */
    CliConfig config() {
        Map<String, String> options = new HashMap<>();
        if (dataDir != null) {
            options.put("bri.data-dir", dataDir.toString());
        }
        if (backupDir != null) {
            options.put("bri.backup.dir", backupDir.toString());
        }
        if (engine != null) {
            options.put("bri.storage.engine", engine.trim());
        }
        return CliConfig.load(options);
    }

    Path dataDir() {
        return config().storage().dataDir();
    }

    Path backupDir() {
        return config().backup().dir();
    }

    /** The service's erasure ledger: {@code bri.erasure.ledger-dir}, by default under the backup directory. */
    Path ledgerDir() {
        return config().erasure().ledgerDir();
    }

    AdminClient client() throws IOException {
        String token = tokenFile != null ? Files.readString(tokenFile).trim() : config().admin().token().orElse("");
        if (token.isBlank()) {
            throw new IOException("no admin token: set BRI_ADMIN_TOKEN or pass --token-file");
        }
        return new AdminClient(url, token, timeout);
    }

    /** Whether the deployment runs on PostgreSQL ({@code --engine}, else {@code bri.storage.engine}). */
    boolean postgresql() {
        return config().storage().storage().engine() == Engine.POSTGRESQL;
    }

    /** The trigger recorded in the backup's metadata: a Kubernetes Job, or an operator's CLI. */
    static String trigger() {
        return System.getenv("KUBERNETES_SERVICE_HOST") != null ? "job" : "cli";
    }
}
