package dev.bri;

import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * The packaged service (target/quarkus-app/quarkus-run.jar) as a real operating-system process, for tests that
 * must kill it, restart it, or run several instances. Its console log goes to {@code <dataDir>/../service-N.log}.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /**
     * The tests start the service and the CLI dozens of times (ArchiveKillIT alone 51 times) and what they measure is
     * behaviour, not speed: the client compiler only starts them about twice as fast on a loaded 2-core machine.
     */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    private final Path dataDir;
    private final Map<String, String> env;
    private final int port;
    private Process process;
    private int starts;
    private Path log;

    public ServiceProcess(Path dataDir, Map<String, String> env) {
        this.dataDir = dataDir;
        this.env = env;
        this.port = freePort();
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public ServiceProcess start() throws IOException {
        Path log = launch();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("service exited early, see " + log);
                    }
                    return status("/q/health/ready") == 200;
                });
        return this;
    }

    /** What a process that was expected to refuse to start left behind. */
    public record Exit(int code, String log) {
    }

    /** Starts the process and waits for it to end on its own (a start-up that must fail). */
    public Exit startExpectingExit() throws IOException, InterruptedException {
        Path log = launch();
        if (!process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("service did not exit, see " + log);
        }
        return new Exit(process.exitValue(), Files.readString(log));
    }

    /** The console log of the latest start. */
    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    private Path launch() throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the package phase first (./mvnw verify)");
        }
        log = dataDir.resolveSibling("service-" + (++starts) + "-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m"));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("BRI_DATA_DIR", dataDir.toString());
        builder.environment().put("BRI_BACKUP_DIR", dataDir.resolveSibling("backups").toString());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().putAll(env);
        process = builder.start();
        return log;
    }

    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A value of one component of {@code /admin/health}, e.g. {@code health("archive", "details.state")}. */
    public Object health(String component, String path) {
        return RestAssured.given().baseUri(url()).auth().oauth2(TestData.ADMIN_TOKEN).get("/admin/health").then()
                .extract().path("components.find { it.component == '" + component + "' }." + path);
    }

    /** Waits until the WAL archive has a chain and follows the database ({@code bri.backup.archive.enabled}). */
    public void awaitArchiving() {
        await().atMost(Duration.ofSeconds(90)).until(() -> "archiving".equals(health("archive", "details.state")));
    }

    /**
     * Runs the packaged CLI ({@code bri <args>}) as its own process with these environment variables added, output to
     * {@code log}, and returns its exit code.
     */
    public static int cli(Path log, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start().waitFor();
    }

    /** The ids of the context items in a database file the service or a restore wrote. */
    public static Set<String> itemIds(Path database) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT item_id FROM context_items")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** SIGKILL: no shutdown hooks, no checkpoint, exactly like a crashed node. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM and wait for a clean exit. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
