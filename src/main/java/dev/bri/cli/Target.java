package dev.bri.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where a command works: a running service ({@code --url}, token from {@code BRI_ADMIN_TOKEN} or
 * {@code --token-file}) or the files of a stopped one ({@code --data-dir}/{@code --backup-dir}, defaulting to
 * {@code BRI_DATA_DIR}/{@code BRI_BACKUP_DIR}, then ./data and ./backups, like the service).
 */
public final class Target {

    @Option(names = "--url", description = "Base URL of a running service, e.g. http://bri-context:8080")
    String url;

    @Option(names = "--token-file", description = "File holding the admin token (default: env BRI_ADMIN_TOKEN)")
    Path tokenFile;

    @Option(names = "--data-dir", description = "Data directory of a stopped service (default: env BRI_DATA_DIR or ./data)")
    Path dataDir;

    @Option(names = "--backup-dir", description = "Backup directory (default: bri.backup.dir, env BRI_BACKUP_DIR, "
            + "./backups)")
    Path backupDir;

    @Option(names = "--engine", description = "Storage engine of the deployment, sqlite or postgresql (default: env BRI_STORAGE_ENGINE or sqlite)")
    String engine;

    @Option(names = "--timeout", defaultValue = "PT30M", description = "HTTP request timeout (ISO-8601, default PT30M)")
    Duration timeout;

    boolean remote() {
        return url != null && !url.isBlank();
    }

    Path dataDir() {
        return dataDir != null ? dataDir : Path.of(env("BRI_DATA_DIR", "./data"));
    }

    Path backupDir() {
        return backupDir != null ? backupDir : CliConfig.backup().dir();
    }

    /** The service's erasure ledger: {@code BRI_ERASURE_LEDGER_DIR}, else {@code <backup-dir>/ledger} like the service. */
    Path ledgerDir() {
        String dir = System.getenv("BRI_ERASURE_LEDGER_DIR");
        return dir != null && !dir.isBlank() ? Path.of(dir) : backupDir().resolve("ledger");
    }

    AdminClient client() throws IOException {
        String token;
        if (tokenFile != null) {
            token = Files.readString(tokenFile).trim();
        } else {
            token = env("BRI_ADMIN_TOKEN", "");
        }
        if (token.isBlank()) {
            throw new IOException("no admin token: set BRI_ADMIN_TOKEN or pass --token-file");
        }
        return new AdminClient(url, token, timeout);
    }

    /** Whether the deployment runs on PostgreSQL ({@code --engine}, else {@code BRI_STORAGE_ENGINE} as the service reads it). */
    boolean postgresql() {
        String chosen = engine != null ? engine : env("BRI_STORAGE_ENGINE", "sqlite");
        return "postgresql".equalsIgnoreCase(chosen.trim());
    }

    /** The trigger recorded in the backup's metadata: a Kubernetes Job, or an operator's CLI. */
    static String trigger() {
        return System.getenv("KUBERNETES_SERVICE_HOST") != null ? "job" : "cli";
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
