package dev.bri.storage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import dev.bri.RedisProcess;
import dev.bri.ServiceProcess;
import dev.bri.TestData;
import dev.bri.testing.PostgresServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged service processes on one PostgreSQL database and one Redis, started together as a Deployment's pods
 * are, configured only through the environment the chart sets ({@code BRI_STORAGE_ENGINE=postgresql}, the
 * {@code QUARKUS_DATASOURCE_POSTGRESQL_*} variables): what docs/KUBERNETES.md "HA mode on PostgreSQL" promises. Also
 * the packaged jar's start-up refusal of a wrong password.
 */
class PostgresReplicasIT {

    private static final Pattern CLAIMED = Pattern.compile("coordination\\.claimed job=retention period=(\\d+)");

    private static PostgresServer postgres;
    private static String jdbcUrl;
    private static Path root;
    private static ServiceProcess a;
    private static ServiceProcess b;

    @BeforeAll
    static void start() throws IOException {
        postgres = PostgresServer.create();
        jdbcUrl = postgres.jdbcUrl(postgres.createDatabase("replicas"));
        int redis = RedisProcess.start(RedisProcess.freePort());
        root = Files.createTempDirectory("bri-replicas");
        Map<String, String> env = new HashMap<>(datasource(PostgresServer.PASSWORD));
        env.putAll(Map.of("BRI_CACHE_REDIS_ENABLED", "true",
                "QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:" + redis,
                "BRI_ADMIN_TOKEN", TestData.ADMIN_TOKEN,
                // a rule that erases nothing here, so that the schedule runs; every 2 s, to see many periods
                "BRI_RETENTION_VIDEOS", "3650d",
                "BRI_RETENTION_INTERVAL", "2s",
                "BRI_RETENTION_FIRST_RUN_DELAY", "1s"));
        a = new ServiceProcess(Files.createDirectories(root.resolve("a/data")), env);
        b = new ServiceProcess(Files.createDirectories(root.resolve("b/data")), env);
        // at the same time, as a Deployment starts its pods: both migrate the empty database (Flyway's lock)
        CompletableFuture.allOf(CompletableFuture.runAsync(() -> start(a)), CompletableFuture.runAsync(() -> start(b)))
                .join();
    }

    private static Map<String, String> datasource(String password) {
        return Map.of("BRI_STORAGE_ENGINE", "postgresql",
                "QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL", jdbcUrl,
                "QUARKUS_DATASOURCE_POSTGRESQL_USERNAME", PostgresServer.USER,
                "QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD", password);
    }

    private static void start(ServiceProcess service) {
        try {
            service.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (ServiceProcess s : new ServiceProcess[]{a, b}) {
            if (s != null) {
                s.close();
            }
        }
        RedisProcess.kill();
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aWriteThroughOneReplicaIsReadThroughTheOtherIncludingAReadItHadCached() {
        String id = video(a);
        ingest(a, id, TestData.caption("c1", 1, "a dog on a beach"));
        given().baseUri(b.url()).get("/api/v1/videos/{id}/context", id).then().statusCode(200)
                .body("captions", hasSize(1));
        given().baseUri(b.url()).get("/api/v1/videos/{id}/context", id).then().header("X-Cache", "HIT-L1");
        given().baseUri(b.url()).get("/api/v1/videos/{id}/search?q=dog", id).then().statusCode(200)
                .body("hits", hasSize(1));

        ingest(a, id, TestData.caption("c2", 2, "a dog and a cat"));

        // B's in-process copy is dropped by A's pub/sub message, which follows A's acknowledgement by the time of one
        // Redis delivery: polled, not slept
        await().pollInterval(Duration.ofMillis(20)).untilAsserted(() -> given().baseUri(b.url())
                .get("/api/v1/videos/{id}/context", id).then().statusCode(200).body("captions.id", hasItem("c2")));
        given().baseUri(b.url()).get("/api/v1/videos/{id}/search?q=dog", id).then().body("hits", hasSize(2));
        // and the other way round
        given().baseUri(a.url()).get("/api/v1/videos/{id}/context/at?t=3", id).then().body("captions", hasSize(2));
        ingest(b, id, TestData.caption("c3", 3, "a bird"));
        await().pollInterval(Duration.ofMillis(20)).untilAsserted(() -> given().baseUri(a.url())
                .get("/api/v1/videos/{id}/context/at?t=3", id).then().body("captions", hasSize(3)));
    }

    @Test
    void theSameBatchPostedToBothReplicasAtOnceStoresEachItemOnce() {
        String id = video(a);
        String batch = TestData.batch(IntStream.range(0, 50)
                .mapToObj(i -> TestData.caption("same-" + i, i, "caption " + i)).toArray(String[]::new));
        List<CompletableFuture<Response>> posts = List.of(a, b).stream()
                .map(r -> CompletableFuture.supplyAsync(() -> given().baseUri(r.url()).contentType(ContentType.JSON)
                        .body(batch).post("/api/v1/videos/{id}/context", id)))
                .toList();
        int inserted = 0;
        for (CompletableFuture<Response> post : posts) {
            Response response = post.join();
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
            assertThat(response.jsonPath().getInt("inserted") + response.jsonPath().getInt("replaced")).isEqualTo(50);
            inserted += response.jsonPath().getInt("inserted");
        }
        assertThat(inserted).as("each item inserted by exactly one of the two requests").isEqualTo(50);
        for (ServiceProcess r : List.of(a, b)) {
            List<String> ids = given().baseUri(r.url()).get("/api/v1/videos/{id}/context?types=caption", id).then()
                    .statusCode(200).extract().jsonPath().getList("captions.id");
            assertThat(ids).hasSize(50).doesNotHaveDuplicates();
        }
    }

    @Test
    void aBatchWrittenThroughOneReplicaIsSeenWholeOrNotAtAllThroughTheOther() {
        String id = video(a);
        Set<Integer> seen = new ConcurrentSkipListSet<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            while (writing.get()) {
                List<Object> captions = given().baseUri(b.url()).get("/api/v1/videos/{id}/context?types=caption", id)
                        .then().statusCode(200).extract().jsonPath().getList("captions");
                seen.add(captions == null ? 0 : captions.size());
            }
        });
        for (int round = 0; round < 5; round++) {
            int from = round * 100;
            ingest(a, id, IntStream.range(from, from + 100)
                    .mapToObj(i -> TestData.caption("b-" + i, i, "caption " + i)).toArray(String[]::new));
        }
        writing.set(false);
        reader.join();
        assertThat(seen).as("caption counts B read while A wrote batches of 100")
                .allMatch(n -> n % 100 == 0);
        given().baseUri(b.url()).get("/api/v1/videos/{id}/context?types=caption", id).then()
                .body("captions", hasSize(500));
    }

    @Test
    void memoryTurnsAddedThroughBothReplicasAreReadInTheOrderTheyWereAdded() {
        String id = video(a);
        List<String> said = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ServiceProcess r = i % 2 == 0 ? a : b;
            String content = "turn " + i + " through " + (r == a ? "a" : "b");
            given().baseUri(r.url()).contentType(ContentType.JSON)
                    .body("{\"role\":\"" + (i % 2 == 0 ? "user" : "assistant") + "\",\"content\":\"" + content
                            + "\"}")
                    .post("/api/v1/videos/{id}/memory", id).then().statusCode(201);
            said.add(content);
        }
        given().baseUri(a.url()).contentType(ContentType.JSON)
                .body("{\"turns\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]}")
                .post("/api/v1/videos/{id}/memory", id).then().statusCode(201);
        said.addAll(List.of("q", "a"));
        for (ServiceProcess r : List.of(a, b)) {
            given().baseUri(r.url()).get("/api/v1/videos/{id}/memory?limit=100", id).then().statusCode(200)
                    .body("turns.content", equalTo(said));
        }
    }

    @Test
    void aVideoErasedThroughOneReplicaIsGoneThroughTheOther() {
        String id = video(a);
        ingest(a, id, TestData.caption("e1", 1, "to be erased"));
        given().baseUri(b.url()).get("/api/v1/videos/{id}/context", id).then().statusCode(200);
        given().baseUri(b.url()).get("/api/v1/videos/{id}/context", id).then().header("X-Cache", "HIT-L1");

        given().baseUri(a.url()).delete("/api/v1/videos/{id}", id).then().statusCode(204);

        await().pollInterval(Duration.ofMillis(20)).untilAsserted(() -> given().baseUri(b.url())
                .get("/api/v1/videos/{id}/context", id).then().statusCode(404)
                .contentType("application/problem+json"));
        given().baseUri(b.url()).get("/api/v1/videos/{id}", id).then().statusCode(404);
        given().baseUri(b.url()).get("/api/v1/videos/{id}/memory", id).then().statusCode(404);
        given().baseUri(b.url()).delete("/api/v1/videos/{id}", id).then().statusCode(404);
    }

    @Test
    void scheduledRetentionRunsOnOneReplicaPerPeriod() throws IOException {
        // both replicas' schedules fire every 2 s; each period is claimed by one of them
        await().atMost(Duration.ofMinutes(5)).until(() -> claims(a).size() + claims(b).size() >= 6);
        List<Long> all = new ArrayList<>(claims(a));
        all.addAll(claims(b));
        assertThat(all).as("periods claimed by A and B together").doesNotHaveDuplicates();
        // the second to fire in a period skips it: after the first has claimed it (ran-this-period), or, when both
        // fire at the same instant, while the first still holds the job's lock (held-by-another-replica)
        double skipped = 0;
        for (ServiceProcess replica : List.of(a, b)) {
            for (String reason : List.of("ran-this-period", "held-by-another-replica")) {
                skipped += metric(replica,
                        "bri_coordination_skipped_total{job=\"retention\",reason=\"" + reason + "\"}");
            }
        }
        assertThat(skipped).as("the replica that fired second in a period skipped it").isPositive();
        double runs = metric(a, "bri_retention_runs_total{outcome=\"success\"}")
                + metric(b, "bri_retention_runs_total{outcome=\"success\"}");
        List<Long> after = new ArrayList<>(claims(a));
        after.addAll(claims(b));
        assertThat(runs).as("runs counted, between the claims before and after reading the metrics")
                .isBetween((double) all.size() - 2, (double) after.size());
    }

    @Test
    void maintenanceModeHoldsTheWritesOfTheReplicaItWasSentToOnly() throws Exception {
        String id = video(a);
        admin(a).contentType(ContentType.JSON).body("{\"enabled\":true,\"reason\":\"replica test\"}")
                .post("/admin/maintenance").then().statusCode(200).body("active", equalTo(true));
        try {
            admin(b).get("/admin/maintenance").then().statusCode(200).body("active", equalTo(false));
            // B writes on; A serves reads of it
            ingest(b, id, TestData.caption("m1", 1, "written through b"));
            await().pollInterval(Duration.ofMillis(20)).untilAsserted(() -> given().baseUri(a.url())
                    .get("/api/v1/videos/{id}/context", id).then().statusCode(200).body("captions.id", hasItem("m1")));
            // a write through A waits in A's queue
            CompletableFuture<HttpResponse<String>> held = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create(a.url() + "/api/v1/videos/" + id + "/context"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers
                                    .ofString(TestData.batch(TestData.caption("m2", 2, "written through a"))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            await().pollInterval(Duration.ofMillis(50)).untilAsserted(() -> admin(a).get("/admin/maintenance")
                    .then().body("queue_depth", equalTo(1)));
            assertThat(held).isNotDone();
            admin(a).contentType(ContentType.JSON).body("{\"enabled\":false}").post("/admin/maintenance").then()
                    .statusCode(200).body("active", equalTo(false));
            assertThat(held.join().statusCode()).isEqualTo(200);
            given().baseUri(b.url()).get("/api/v1/videos/{id}/context", id).then().statusCode(200)
                    .body("captions", hasSize(2));
        } finally {
            admin(a).contentType(ContentType.JSON).body("{\"enabled\":false}").post("/admin/maintenance");
        }
    }

    @Test
    void theJarRefusesAWrongPasswordWithOneLineAndNoStackTrace() throws Exception {
        Map<String, String> env = new HashMap<>(datasource("not-the-password"));
        ServiceProcess wrong = new ServiceProcess(Files.createDirectories(root.resolve("wrong/data")), env);
        ServiceProcess.Exit exit = wrong.startExpectingExit();
        assertThat(exit.code()).as(exit.log()).isNotZero();
        String url = jdbcUrl.substring(0, jdbcUrl.indexOf('?') < 0 ? jdbcUrl.length() : jdbcUrl.indexOf('?'));
        assertThat(exit.log()).doesNotContain("\tat ").doesNotContain("\\tat ").doesNotContain("(unknown)");
        // the log event (JSON, for the log pipeline) and the one plain line Quarkus prints on its way out
        assertThat(exit.log().lines().filter(l -> l.startsWith("storage.start_failed")).toList()).as(exit.log())
                .containsExactly("storage.start_failed engine=postgresql reason=authentication-failed: " + url
                        + " refused the user name or password (QUARKUS_DATASOURCE_POSTGRESQL_USERNAME, "
                        + "QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD)");
    }

    private static Set<Long> claims(ServiceProcess replica) throws IOException {
        Set<Long> periods = new TreeSet<>();
        Matcher m = CLAIMED.matcher(Files.readString(replica.log()));
        while (m.find()) {
            assertThat(periods.add(Long.parseLong(m.group(1)))).isTrue();
        }
        return periods;
    }

    private static double metric(ServiceProcess replica, String series) {
        String body = given().baseUri(replica.url()).get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(
                l -> Double.parseDouble(l.substring(series.length() + 1).trim())).sum();
    }

    private static io.restassured.specification.RequestSpecification admin(ServiceProcess replica) {
        return given().baseUri(replica.url()).auth().oauth2(TestData.ADMIN_TOKEN);
    }

    private static String video(ServiceProcess replica) {
        String id = TestData.newVideoId();
        given().baseUri(replica.url()).contentType(ContentType.JSON).body("{\"filename\":\"x.mp4\",\"duration\":600}")
                .put("/api/v1/videos/{id}", id).then().statusCode(201);
        return id;
    }

    private static void ingest(ServiceProcess replica, String id, String... items) {
        given().baseUri(replica.url()).contentType(ContentType.JSON).body(TestData.batch(items))
                .post("/api/v1/videos/{id}/context", id).then().statusCode(200);
    }
}
