package dev.bri.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.cli.BriCli;
import dev.bri.testing.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bri-context migrate} between a real SQLite file and a test-started PostgreSQL: every row arrives, derived
 * data is rebuilt, the copy resumes after its process is killed, a target holding other data is refused, a changed
 * target fails verification, and the way back to SQLite gives the same checksums.
 */
class EngineMigrationTest {

    private static PostgresServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        server = PostgresServer.create();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A SQLite database with the service's schema and {@code videos} videos of {@code items} items each. */
    static Path sqliteSource(Path dir, int videos, int items) throws Exception {
        Path file = dir.resolve("bri.db");
        Files.createDirectories(dir);
        Flyway.configure().dataSource("jdbc:sqlite:" + file, null, null).locations("classpath:db/migration").load()
                .migrate();
        try (Connection c = sqlite(file)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO lineage_sources (tool, tool_version, model_version, parameters, created_at) "
                        + "VALUES ('whisper', '3', 'large-v3', '{\"beam\":5}', '2026-01-01T00:00:00.000Z'), "
                        + "('yolo', '', '', '{}', '2026-01-01T00:00:00.000Z')");
            }
            try (PreparedStatement v = c.prepareStatement("INSERT INTO videos (id, filename, file_path, "
                    + "duration_seconds, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'complete', ?, ?)");
                    PreparedStatement i = c.prepareStatement("INSERT INTO context_items (seq, video_seq, item_id, "
                            + "type, start_seconds, end_seconds, data, search_text, source_id, created_at, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement m = c.prepareStatement("INSERT INTO memory_turns (video_seq, role, content, "
                            + "created_at) VALUES (?, ?, ?, ?)");
                    PreparedStatement p = c.prepareStatement("INSERT INTO pipeline_events (video_seq, stage, status, "
                            + "duration_ms, error, reported_at) VALUES (?, 'caption', ?, ?, ?, ?)");
                    PreparedStatement t = c.prepareStatement("INSERT INTO transcripts (video_seq, full_text, "
                            + "language, updated_at) VALUES (?, ?, ?, ?)")) {
                long seq = 0;
                for (int n = 1; n <= videos; n++) {
                    v.setString(1, "video-" + n);
                    v.setString(2, "clip \"" + n + "\", part 1.mp4");
                    v.setString(3, n % 2 == 0 ? null : "/media/" + n + ".mp4");
                    v.setDouble(4, 60.5 + n / 3.0);
                    v.setString(5, "2026-01-01T00:00:00.000Z");
                    v.setString(6, "2026-01-02T00:00:00.000Z");
                    v.executeUpdate();
                    for (int k = 0; k < items; k++) {
                        seq++;
                        boolean object = k % 5 == 0;
                        i.setLong(1, seq);
                        i.setLong(2, n);
                        i.setString(3, "item-" + k);
                        i.setString(4, object ? "object" : "caption");
                        i.setDouble(5, k * 0.1);
                        if (k % 3 == 0) {
                            i.setNull(6, java.sql.Types.REAL);
                        } else {
                            i.setDouble(6, k * 0.1 + 1e-7);
                        }
                        i.setString(7, object
                                ? "{\"objects\":[{\"class_name\":\"Dog\",\"confidence\":0.91},{\"class_name\":\"cat\"}]}"
                                : "{\"text\":\"a \\\"quoted\\\", line\\nbreak ünïcødé " + k + "\"}");
                        i.setString(8, object ? null : "a \"quoted\", line\nbreak ünïcødé caption " + k);
                        i.setLong(9, object ? 2 : 1);
                        i.setString(10, "2026-01-01T00:00:01.000Z");
                        i.setString(11, "2026-01-01T00:00:01.000Z");
                        i.addBatch();
                    }
                    i.executeBatch();
                    for (int k = 0; k < 3; k++) {
                        m.setLong(1, n);
                        m.setString(2, k % 2 == 0 ? "user" : "assistant");
                        m.setString(3, "turn " + k + " with, commas and \"quotes\"");
                        m.setString(4, "2026-01-01T00:00:0" + k + ".000Z");
                        m.executeUpdate();
                    }
                    p.setLong(1, n);
                    p.setString(2, n % 2 == 0 ? "failed" : "succeeded");
                    if (n % 2 == 0) {
                        p.setNull(3, java.sql.Types.INTEGER);
                        p.setString(4, "GPU out of memory");
                    } else {
                        p.setLong(3, 1234);
                        p.setNull(4, java.sql.Types.VARCHAR);
                    }
                    p.setString(5, "2026-01-01T00:00:00.000Z");
                    p.executeUpdate();
                    if (n % 2 == 1) {
                        t.setLong(1, n);
                        t.setString(2, n % 3 == 0 ? null : "the whole transcript, \"quoted\"");
                        t.setString(3, "en");
                        t.setString(4, "2026-01-01T00:00:00.000Z");
                        t.executeUpdate();
                    }
                }
            }
            c.commit();
        }
        return file;
    }

    static Connection sqlite(Path file) throws SQLException {
        return new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + file);
    }

    private record Run(int exit, String out, String err) {
    }

    private Run cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            List<String> all = new ArrayList<>(List.of("migrate", "--pg-user", PostgresServer.USER,
                    "--pg-password-file", passwordFile().toString()));
            all.addAll(List.of(args));
            int exit = BriCli.run(all.toArray(String[]::new));
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private Path passwordFile() {
        try {
            Path file = tmp.resolve("pg-password");
            Files.writeString(file, PostgresServer.PASSWORD + "\n");
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<TableCheck> checks(Connection c) throws SQLException {
        List<TableCheck> checks = new ArrayList<>();
        for (CopiedTable t : CopiedTable.ALL) {
            checks.add(RowReader.check(c, t, 1000));
        }
        return checks;
    }

    @Test
    void copiesEveryRowToPostgresqlAndBackWithDerivedDataRebuilt() throws Exception {
        Path source = sqliteSource(tmp.resolve("data"), 12, 40);
        String db = server.createDatabase("migrate");
        Run up = cli("--from-sqlite=" + source, "--to=" + server.jdbcUrl(db), "--batch-size=7");
        assertThat(up.exit()).as(up.err()).isZero();
        assertThat(up.out()).contains("verified").contains("context_items").contains("480 rows");

        List<TableCheck> original;
        try (Connection s = sqlite(source)) {
            original = checks(s);
        }
        try (Connection pg = server.connect(db)) {
            assertThat(checks(pg)).isEqualTo(original);
            assertThat(count(pg, "SELECT count(*) FROM object_detections")).isEqualTo(12 * 8 * 2);
            assertThat(count(pg, "SELECT count(*) FROM context_items WHERE search_vector @@ "
                    + "websearch_to_tsquery('bri', 'caption quoted')")).isEqualTo(12 * 32);
            // identity sequences continue after the copied keys: the service can insert at once
            try (Statement st = pg.createStatement()) {
                st.execute("INSERT INTO videos (id, filename, duration_seconds, created_at, updated_at) VALUES "
                        + "('new', 'n.mp4', 1, '2026-01-03T00:00:00.000Z', '2026-01-03T00:00:00.000Z')");
                st.execute("INSERT INTO memory_turns (video_seq, role, content, created_at) VALUES "
                        + "(1, 'user', 'x', '2026-01-03T00:00:00.000Z')");
                st.execute("DELETE FROM memory_turns WHERE content = 'x'");
                st.execute("DELETE FROM videos WHERE id = 'new'");
            }
        }

        Path back = tmp.resolve("back/bri.db");
        Run down = cli("--from=" + server.jdbcUrl(db), "--to-sqlite=" + back);
        assertThat(down.exit()).as(down.err()).isZero();
        try (Connection s = sqlite(back)) {
            assertThat(checks(s)).as("the round trip changes no value").isEqualTo(original);
            assertThat(count(s, "SELECT count(*) FROM context_fts WHERE context_fts MATCH 'caption'"))
                    .isEqualTo(12 * 32);
            assertThat(count(s, "SELECT count(*) FROM search_terms_incomplete WHERE reason = 'backfill'"))
                    .as("term statistics are left to the service's backfill").isEqualTo(12);
            assertThat(count(s, "SELECT count(*) FROM object_detections")).isEqualTo(12 * 8 * 2);
        }
    }

    @Test
    void refusesATargetHoldingOtherDataAndAnUnknownSource() throws Exception {
        Path source = sqliteSource(tmp.resolve("data"), 2, 3);
        String db = server.createDatabase("occupied");
        Flyway.configure().dataSource(server.jdbcUrl(db), PostgresServer.USER, PostgresServer.PASSWORD)
                .locations("classpath:db/postgresql").load().migrate();
        try (Connection pg = server.connect(db); Statement st = pg.createStatement()) {
            st.execute("INSERT INTO videos (id, filename, duration_seconds, created_at, updated_at) VALUES "
                    + "('someone-elses', 'x.mp4', 1, '2026-01-03T00:00:00.000Z', '2026-01-03T00:00:00.000Z')");
        }
        Run run = cli("--from-sqlite=" + source, "--to=" + server.jdbcUrl(db));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("already holds data").contains("videos");
        try (Connection pg = server.connect(db)) {
            assertThat(count(pg, "SELECT count(*) FROM videos")).as("nothing written").isEqualTo(1);
        }

        Run wrong = cli("--from-sqlite=" + tmp.resolve("nope/bri.db"), "--to=" + server.jdbcUrl(db));
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("no SQLite database");
        Run usage = cli("--from-sqlite=" + source, "--to-sqlite=" + tmp.resolve("x/bri.db"));
        assertThat(usage.exit()).isEqualTo(2);
    }

    @Test
    void aChangedTargetFailsVerification() throws Exception {
        Path source = sqliteSource(tmp.resolve("data"), 3, 5);
        String db = server.createDatabase("tampered");
        assertThat(cli("--from-sqlite=" + source, "--to=" + server.jdbcUrl(db)).exit()).isZero();
        try (Connection pg = server.connect(db); Statement st = pg.createStatement()) {
            st.execute("UPDATE memory_turns SET content = 'changed' WHERE seq = 2");
        }
        Run again = cli("--from-sqlite=" + source, "--to=" + server.jdbcUrl(db));
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("differs").contains("memory_turns");
    }

    @Test
    void takesTheCredentialsFromTheServicesDatasourceVariables() throws Exception {
        Path source = sqliteSource(tmp.resolve("data"), 2, 10);
        String db = server.createDatabase("environment");
        ProcessBuilder migrate = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.bri.Main", "migrate", "--from-sqlite=" + source,
                "--to=" + server.jdbcUrl(db)).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("environment.log").toFile());
        migrate.environment().put("QUARKUS_DATASOURCE_POSTGRESQL_USERNAME", PostgresServer.USER);
        migrate.environment().put("QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD", "not-the-password");
        assertThat(migrate.start().waitFor()).as("a wrong password in the environment is used, and refused")
                .isNotZero();

        migrate.environment().put("QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD", PostgresServer.PASSWORD);
        int exit = migrate.start().waitFor();
        assertThat(exit).as(Files.readString(tmp.resolve("environment.log"))).isZero();
        try (Connection pg = server.connect(db); Connection s = sqlite(source)) {
            assertThat(checks(pg)).isEqualTo(checks(s));
        }
    }

    @Test
    void resumesAfterTheProcessIsKilledMidway() throws Exception {
        Path source = sqliteSource(tmp.resolve("data"), 40, 500);
        String db = server.createDatabase("killed");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "dev.bri.Main", "migrate",
                "--from-sqlite=" + source, "--to=" + server.jdbcUrl(db), "--batch-size=100", "--pg-user",
                PostgresServer.USER, "--pg-password-file", passwordFile().toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("first.log").toFile()).start();
        long copied = 0;
        try (Connection pg = server.connect(db)) {
            for (int i = 0; i < 6000 && copied == 0 && p.isAlive(); i++) {
                Thread.sleep(10);
                if (EngineMigration.tableExists(pg, EngineMigration.PROGRESS)) {
                    copied = count(pg, "SELECT copied FROM " + EngineMigration.PROGRESS
                            + " WHERE table_name = 'context_items'");
                }
            }
        }
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        assertThat(copied).as(Files.readString(tmp.resolve("first.log"))).isPositive();
        long before;
        try (Connection pg = server.connect(db)) {
            before = count(pg, "SELECT count(*) FROM context_items");
        }
        assertThat(before).as("killed midway").isLessThan(20_000);

        Run second = cli("--from-sqlite=" + source, "--to=" + server.jdbcUrl(db), "--batch-size=100");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("(resumed)").contains("20000 rows");
        assertThat(second.err()).contains("resuming");
        try (Connection pg = server.connect(db); Connection s = sqlite(source)) {
            assertThat(checks(pg)).isEqualTo(checks(s));
        }
    }
}
