package dev.bri;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged service (target/quarkus-app/quarkus-run.jar) as a real operating-system process, for tests that
 * must kill it, restart it, or run several instances. Its console log goes to {@code <dataDir>/../service-N.log}.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path dataDir;
    private final Map<String, String> env;
    private final int port;
    private Process process;
    private int starts;

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

    public long pid() {
        return process.pid();
    }

    private Path launch() throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the package phase first (./mvnw verify)");
        }
        Path log = dataDir.resolveSibling("service-" + (++starts) + "-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
                JAR.toAbsolutePath().toString()));
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
