package dev.bri.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged artifact end to end: the service started with {@code java -jar quarkus-run.jar} on a free port and
 * temporary directories, driven by the same jar as CLI the way the Kubernetes CronJob runs it, then offline.
 */
class BackupCliIT {

    private static final String TOKEN = "it-admin-token";
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();

    @TempDir
    static Path tmp;

    static Process service;
    static String url;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        url = "http://localhost:" + port;
        service = serviceProcess(port);
        waitReady();
    }

    static Process serviceProcess(int port) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(java(), "-jar", JAR.toString());
        pb.environment().putAll(Map.of("BRI_DATA_DIR", tmp.resolve("data").toString(), "BRI_BACKUP_DIR",
                tmp.resolve("backups").toString(), "BRI_ADMIN_TOKEN", TOKEN, "QUARKUS_HTTP_PORT",
                String.valueOf(port), "BRI_BACKUP_CRON", "off"));
        return pb.redirectErrorStream(true).redirectOutput(tmp.resolve("service-" + port + ".log").toFile()).start();
    }

    static void waitReady() throws Exception {
        while (true) {
            assertThat(service.isAlive()).as("service process running").isTrue();
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null && service.isAlive()) {
            service.destroy();
            service.waitFor(1, TimeUnit.MINUTES);
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    record Run(int exit, String output) {
    }

    /** Runs the packaged jar as CLI with the admin token in the environment, as the CronJob does. */
    static Run cli(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("BRI_ADMIN_TOKEN");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), out);
    }

    static Run cli(String... args) throws Exception {
        return cli(Map.of("BRI_ADMIN_TOKEN", TOKEN), args);
    }

    static void put(String path, String json) throws Exception {
        int status = HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
        assertThat(status).isIn(200, 201);
    }

    static int get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void cronJobCommandAgainstTheRunningServiceThenOfflineAfterItStops() throws Exception {
        put("/api/v1/videos/it-one", "{\"filename\":\"one.mp4\",\"duration\":10}");
        // exactly what the Kubernetes CronJob runs
        Run created = cli("backup", "create", "--url", url, "--verify", "--cleanup");
        assertThat(created.exit()).as(created.output()).isZero();
        assertThat(created.output()).contains("verification passed");
        Run list = cli("backup", "list", "--url", url, "--json");
        assertThat(list.exit()).isZero();
        assertThat(list.output()).contains("\"trigger\" : \"cli\"", "\"status\" : \"passed\"");
        assertThat(cli("backup", "verify", "--all", "--url", url).exit()).isZero();

        put("/api/v1/videos/it-two", "{\"filename\":\"two.mp4\",\"duration\":10}");
        Run dry = cli("backup", "restore", "--latest", "--dry-run", "--url", url);
        assertThat(dry.exit()).as(dry.output()).isZero();
        assertThat(get("/api/v1/videos/it-two")).isEqualTo(200);
        Run restored = cli("backup", "restore", "--latest", "--yes", "--url", url);
        assertThat(restored.exit()).as(restored.output()).isZero();
        assertThat(restored.output()).contains("restored", "safety backup safety-");
        assertThat(get("/api/v1/videos/it-two")).isEqualTo(404);
        assertThat(get("/api/v1/videos/it-one")).isEqualTo(200);

        Run health = cli("health", "--url", url);
        assertThat(health.exit()).as(health.output()).isIn(0, 1);

        // failures exit non-zero: wrong token, no token, invalid id, unreachable service
        assertThat(cli(Map.of("BRI_ADMIN_TOKEN", "wrong"), "backup", "create", "--url", url).exit()).isEqualTo(1);
        assertThat(cli(Map.of(), "backup", "create", "--url", url).exit()).isEqualTo(1);
        assertThat(cli("backup", "verify", "..%2Fdata", "--url", url).exit()).isEqualTo(2);
        assertThat(cli("health", "--url", "http://localhost:1").exit()).isEqualTo(2);

        // offline against the running service's files: refused, the database is open in the service
        Map<String, String> offline = Map.of("BRI_DATA_DIR", tmp.resolve("data").toString(), "BRI_BACKUP_DIR",
                tmp.resolve("backups").toString());
        Run refused = cli(offline, "backup", "create");
        assertThat(refused.exit()).as(refused.output()).isEqualTo(3);
        assertThat(refused.output()).contains("open in another process");

        stop();
        Run offlineCreate = cli(offline, "backup", "create", "--verify");
        assertThat(offlineCreate.exit()).as(offlineCreate.output()).isZero();
        Run offlineRestore = cli(offline, "backup", "restore", "--latest", "--yes");
        assertThat(offlineRestore.exit()).as(offlineRestore.output()).isZero();
        Run offlineList = cli(offline, "backup", "list");
        assertThat(offlineList.output()).contains("safety-", "passed");
        assertThat(Files.list(tmp.resolve("backups")).map(p -> p.getFileName().toString()))
                .noneMatch(n -> n.startsWith(".tmp-"));

        // the service starts on the restored database
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        url = "http://localhost:" + port;
        service = serviceProcess(port);
        waitReady();
        assertThat(get("/api/v1/videos/it-one")).isEqualTo(200);
    }
}
