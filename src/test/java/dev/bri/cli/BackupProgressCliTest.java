package dev.bri.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bri.backup.BackupMetadata;
import dev.bri.backup.BackupStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress of {@code backup create/verify/restore} on a stopped service's files: plain lines when the output is not a
 * terminal, JSON lines with {@code --output=json}, a bar redrawn in place on a terminal (a real pty from script(1)).
 */
class BackupProgressCliTest {

    @TempDir
    Path tmp;

    private Path data;
    private Path backups;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void database() throws Exception {
        data = tmp.resolve("data");
        backups = tmp.resolve("backups");
        Files.createDirectories(data);
        try (Connection c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + data.resolve("bri.db"));
                Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE videos (seq INTEGER PRIMARY KEY, id TEXT, blob BLOB)");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO videos (id, blob) VALUES (?, ?)")) {
                byte[] noise = new byte[64 * 1024];
                java.util.Random random = new java.util.Random(7);
                for (int i = 0; i < 64; i++) { // 4 MiB of incompressible rows: several progress reports
                    random.nextBytes(noise);
                    insert.setString(1, "v" + i);
                    insert.setBytes(2, noise);
                    insert.executeUpdate();
                }
            }
            c.commit();
        }
    }

    private String[] args(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", data.toString(), "--backup-dir", backups.toString()));
        return all.toArray(String[]::new);
    }

    private synchronized Run cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int exit = BriCli.run(args(args));
            return new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void withoutATerminalEachPhaseIsReportedInPlainLinesAndTheResultStaysOnStandardOutput() {
        Run created = cli("backup", "create", "--verify");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.err()).contains("copy: started, 4.", "copy: done, 4.", "compress: started",
                "checksum: started", "decompress: done", "integrity_check: started").doesNotContain("\r", "\033");
        assertThat(created.out()).startsWith("created backup-").contains("verification passed");

        Run verified = cli("backup", "verify", "--all");
        assertThat(verified.exit()).isZero();
        assertThat(verified.err()).contains("checksum: done", "integrity_check: done");

        Run restored = cli("backup", "restore", "--latest", "--yes");
        assertThat(restored.exit()).as(restored.err()).isZero();
        assertThat(restored.err()).contains("stage: started", "stage: done", "safety_backup: started");
        assertThat(restored.out()).contains("  staged", "restored backup-");
    }

    @Test
    void jsonOutputIsOneEventPerLineEndingWithTheExitCode() throws Exception {
        Run created = cli("backup", "create", "--verify", "--output=json");
        assertThat(created.exit()).isZero();
        assertThat(created.err()).isEmpty();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : created.out().split("\n")) {
            events.add(json.readTree(line));
        }
        assertThat(events).extracting(e -> e.get("event").asText()).startsWith("start").endsWith("result")
                .contains("done", "message");
        assertThat(events).filteredOn(e -> e.get("event").asText().equals("done"))
                .extracting(e -> e.get("phase").asText()).contains("copy", "compress", "checksum", "decompress");
        JsonNode copied = events.stream().filter(e -> e.get("event").asText().equals("done")
                && e.get("phase").asText().equals("copy")).findFirst().orElseThrow();
        assertThat(copied.get("bytes").asLong()).isEqualTo(copied.get("total_bytes").asLong())
                .isGreaterThan(4L << 20);
        assertThat(events.get(events.size() - 1).get("exit_code").asInt()).isZero();
        assertThat(events).filteredOn(e -> e.has("message")).extracting(e -> e.get("message").asText())
                .anyMatch(m -> m.startsWith("created backup-"));

        Run bad = cli("backup", "verify", "--all", "--output=yaml");
        assertThat(bad.exit()).isEqualTo(Exit.USAGE);
        assertThat(bad.err()).contains("--output must be text or json");
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlace() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = String.join(" ", quote(java), "-cp", quote(System.getProperty("java.class.path")),
                "dev.bri.Main", String.join(" ", List.of(args("backup", "create", "--verify")).stream()
                        .map(BackupProgressCliTest::quote).toList()));
        Path typescript = tmp.resolve("typescript");
        Process p = new ProcessBuilder("script", "-q", "-e", "-c", command, typescript.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("script.out").toFile()).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String screen = Files.readString(typescript, StandardCharsets.ISO_8859_1);
        assertThat(p.exitValue()).as(screen).isZero();
        assertThat(screen).contains("\r[", "] copy 100% ", "] checksum ", "\033[K", "created backup-");
        List<BackupMetadata> stored = new BackupStore(backups).list();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).verified()).isTrue();
    }

    @Test
    void offlineHealthUsesTheServicesMaxAgeFromTheSameConfiguration() {
        assertThat(cli("backup", "create", "--verify").exit()).isZero();
        Run fresh = cli("health");
        assertThat(fresh.exit()).as("a verified backup younger than bri.backup.max-age (24h): " + fresh)
                .isEqualTo(HealthCommand.HEALTHY);
        System.setProperty("bri.backup.max-age", "PT0S");
        try {
            Run stale = cli("health");
            assertThat(stale.exit()).isEqualTo(HealthCommand.DEGRADED);
            assertThat(stale.out()).contains("degraded: database ok, newest verified backup");
        } finally {
            System.clearProperty("bri.backup.max-age");
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
