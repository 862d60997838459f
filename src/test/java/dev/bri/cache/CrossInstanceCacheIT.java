package dev.bri.cache;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import dev.bri.RedisProcess;
import dev.bri.TestData;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged service processes sharing one SQLite data directory and one real Redis: a write on one replica
 * invalidates the other's in-process tier (pub/sub) and the shared Redis tier. A third process runs on pure defaults
 * (no Redis, no admin token): it must start, serve and keep admin endpoints disabled.
 */
class CrossInstanceCacheIT {

    private static final List<Process> PROCESSES = new ArrayList<>();
    private static String a;
    private static String b;
    private static String plain;

    @BeforeAll
    static void start() throws IOException {
        int redisPort = RedisProcess.start(RedisProcess.freePort());
        Path shared = Files.createTempDirectory("bri-it-shared");
        String redis = "redis://127.0.0.1:" + redisPort;
        // Two processes on one database on purpose (the replicas' caches are what is tested): the exclusive lock on
        // the data directory, which refuses exactly this in production, is turned off for both.
        a = launch("a", shared, "-Dbri.storage.exclusive-data-dir=false", "-Dbri.cache.redis.enabled=true",
                "-Dquarkus.redis.hosts=" + redis,
                "-Dbri.admin.token=" + TestData.ADMIN_TOKEN);
        // B starts after A has migrated the shared database
        b = launch("b", shared, "-Dbri.storage.exclusive-data-dir=false", "-Dbri.cache.redis.enabled=true",
                "-Dquarkus.redis.hosts=" + redis,
                "-Dbri.admin.token=" + TestData.ADMIN_TOKEN);
        plain = launch("plain", Files.createTempDirectory("bri-it-plain"));
    }

    @AfterAll
    static void stop() {
        PROCESSES.forEach(Process::destroy);
        PROCESSES.forEach(p -> p.onExit().join());
        RedisProcess.kill();
    }

    @Test
    void aWriteOnOneReplicaIsVisibleOnTheOtherDespiteItsInProcessCache() {
        String id = TestData.newVideoId();
        given().baseUri(a).contentType(ContentType.JSON).body("{\"filename\":\"x.mp4\",\"duration\":60}")
                .put("/api/v1/videos/{id}", id).then().statusCode(201);
        ingest(a, id, TestData.caption("c1", 1, "a dog"));
        given().baseUri(b).get("/api/v1/videos/{id}/context", id).then().statusCode(200).body("captions", hasSize(1));
        given().baseUri(b).get("/api/v1/videos/{id}/context", id).then().header("X-Cache", "HIT-L1");

        ingest(a, id, TestData.caption("c2", 2, "a cat"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().baseUri(b)
                .get("/api/v1/videos/{id}/context", id).then().statusCode(200).body("captions.id", hasItem("c2")));

        // and the other way round, through the shared Redis tier
        given().baseUri(a).get("/api/v1/videos/{id}/context/at?t=3", id).then().body("captions", hasSize(2));
        ingest(b, id, TestData.caption("c3", 3, "a bird"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().baseUri(a)
                .get("/api/v1/videos/{id}/context/at?t=3", id).then().body("captions", hasSize(3)));
    }

    @Test
    void theServiceRunsWithoutRedisAndWithoutAdminToken() {
        String id = TestData.newVideoId();
        given().baseUri(plain).contentType(ContentType.JSON).body("{\"filename\":\"x.mp4\",\"duration\":60}")
                .put("/api/v1/videos/{id}", id).then().statusCode(201);
        given().baseUri(plain).get("/api/v1/videos/{id}/context", id).then().statusCode(200)
                .header("X-Cache", "MISS");
        given().baseUri(plain).get("/api/v1/videos/{id}/context", id).then().header("X-Cache", "HIT-L1");
        given().baseUri(plain).get("/q/health/ready").then().statusCode(200);
        given().baseUri(plain).auth().oauth2("anything").get("/admin/health").then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403));
    }

    private static void ingest(String base, String id, String item) {
        given().baseUri(base).contentType(ContentType.JSON).body(TestData.batch(item))
                .post("/api/v1/videos/{id}/context", id).then().statusCode(200);
    }

    private static String launch(String name, Path dataDir, String... props) throws IOException {
        int port = RedisProcess.freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dbri.data-dir=" + dataDir);
        cmd.add("-Dquarkus.log.console.json.enabled=false");
        cmd.addAll(List.of(props));
        cmd.add("-jar");
        cmd.add("target/quarkus-app/quarkus-run.jar");
        Path log = Path.of("target", "it-" + name + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PROCESSES.add(p);
        String base = "http://127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited: " + Files.readString(log));
            }
            try {
                return given().baseUri(base).get("/q/health/ready").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        return base;
    }
}
