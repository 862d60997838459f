package dev.bri.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bri.ServiceProcess;
import dev.bri.TestData;
import dev.bri.backup.BackupStore;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The packaged service is SIGKILLed at {@value #KILLS} random points during continuous ingest and restarted on the
 * same data directory. Then the data directory is deleted and the database rebuilt from the archive alone: every item
 * acknowledged at least one archive interval before the last kill is there (and every item acknowledged before an
 * earlier kill: the chain resumed each time), and rebuilding to random instants observed during the run gives exactly
 * the items acknowledged by then.
 */
class ArchiveKillIT {

    private static final int KILLS = 50;
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    /** One ingest request: when it was sent, when (if) it was acknowledged, and its item ids. */
    private record Request(Instant sent, Instant acknowledged, List<String> ids) {
    }

    @Test
    void killNineAtFiftyPointsThenRestoreFromTheArchiveAlone() throws Exception {
        Path root = Files.createTempDirectory("bri-archive-kill");
        Path data = root.resolve("data");
        Path backups = root.resolve("backups");
        String video = TestData.newVideoId();
        List<Request> requests = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
        Random random = new Random(20261203);
        Map<String, String> env = Map.of("BRI_ADMIN_TOKEN", TestData.ADMIN_TOKEN, "BRI_BACKUP_CRON", "off",
                "BRI_BACKUP_ARCHIVE_INTERVAL", INTERVAL.toSeconds() + "s");
        Instant lastKill;
        try (ServiceProcess service = new ServiceProcess(data, env).start()) {
            RestAssured.given().baseUri(service.url()).contentType(ContentType.JSON)
                    .body("{\"filename\":\"kill.mp4\",\"duration\":36000}").put("/api/v1/videos/{id}", video)
                    .then().statusCode(201);
            awaitArchiving(service);
            String chain = chainOf(service);
            for (int kill = 0; kill < KILLS; kill++) {
                AtomicBoolean stop = new AtomicBoolean();
                long runMillis = 200 + random.nextInt(1300);
                Thread writer = new Thread(() -> {
                    while (!stop.get()) {
                        requests.add(ingest(service, video, "b" + batches.getAndIncrement()));
                    }
                });
                writer.start();
                Thread.sleep(runMillis);
                service.kill();
                lastKill = Instant.now();
                stop.set(true);
                writer.join(TimeUnit.SECONDS.toMillis(30));
                service.start();
                assertThat(chainOf(service)).as("after kill %d the chain resumes", kill).isEqualTo(chain);
            }
            // a final run of ingest, then the last kill: the data directory is lost with it
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                while (!stop.get()) {
                    requests.add(ingest(service, video, "b" + batches.getAndIncrement()));
                }
            });
            writer.start();
            Thread.sleep(3000);
            service.kill();
            lastKill = Instant.now();
            stop.set(true);
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }
        deleteRecursively(data);

        // disaster recovery with the CLI, into an empty data directory
        assertThat(ServiceProcess.cli(root.resolve("cli.log"), Map.of(), "backup", "restore", "--at=latest", "--yes",
                "--data-dir=" + data, "--backup-dir=" + backups)).as(Files.readString(root.resolve("cli.log")))
                .isZero();
        Set<String> restored = ServiceProcess.itemIds(data.resolve("bri.db"));
        Instant deadline = lastKill.minus(INTERVAL);
        List<String> mustHave = new ArrayList<>();
        for (Request r : requests) {
            if (r.acknowledged() != null && r.acknowledged().isBefore(deadline)) {
                mustHave.addAll(r.ids());
            }
        }
        assertThat(mustHave).hasSizeGreaterThan(500);
        assertThat(restored).containsAll(mustHave);

        // rebuild to instants between two requests: exactly what was acknowledged by then
        PointInTime pitr = new PointInTime(new ArchiveStore(backups), new BackupStore(backups));
        List<Request> acked = requests.stream().filter(r -> r.acknowledged() != null).toList();
        // instants the archive must cover: before the commit of a request acknowledged an interval before the last
        // kill (the commits after that may have died with the WAL, and no archive covers the time after them)
        int covered = (int) acked.stream().filter(r -> r.acknowledged().isBefore(deadline)).count();
        for (int i = 0; i < 12; i++) {
            int k = random.nextInt(covered - 1);
            Request done = acked.get(k);
            Instant nextSent = requests.stream().map(Request::sent).filter(t -> t.isAfter(done.acknowledged()))
                    .min(Instant::compareTo).orElseThrow();
            Instant at = done.acknowledged().plus(Duration.between(done.acknowledged(), nextSent).dividedBy(2));
            Set<String> expected = new HashSet<>();
            Set<String> unknown = new HashSet<>();
            for (Request r : requests) {
                if (r.acknowledged() != null && r.acknowledged().isBefore(at)) {
                    expected.addAll(r.ids());
                } else if (r.sent().isBefore(at)) {
                    unknown.addAll(r.ids()); // cut off by a kill: committed or not, nobody was told
                }
            }
            Path out = root.resolve("at-" + i + ".db");
            pitr.rebuild(pitr.plan(at), out);
            Set<String> got = ServiceProcess.itemIds(out);
            assertThat(got).as("state at %s", at).containsAll(expected);
            Set<String> extra = new HashSet<>(got);
            extra.removeAll(expected);
            assertThat(unknown).as("items at %s beyond those acknowledged were in flight at a kill", at)
                    .containsAll(extra);
        }
    }

    private static Request ingest(ServiceProcess service, String video, String batch) {
        List<String> items = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = batch + "-i" + i;
            ids.add(id);
            items.add(TestData.caption(id, i, "kill test " + batch));
        }
        Instant sent = Instant.now();
        try {
            Response response = RestAssured.given().baseUri(service.url()).contentType(ContentType.JSON)
                    .body(TestData.batch(items.toArray(String[]::new))).post("/api/v1/videos/{id}/context", video);
            return new Request(sent, response.statusCode() == 200 ? Instant.now() : null, ids);
        } catch (Exception connectionLost) {
            // RestAssured throws the socket's IOException undeclared when the kill cuts the connection: the request
            // may or may not have committed, and nobody was told (it must be recorded, or its items look unexpected)
            return new Request(sent, null, ids);
        }
    }

    private static void awaitArchiving(ServiceProcess service) {
        await().atMost(Duration.ofSeconds(60)).until(() -> chainOf(service) != null);
    }

    private static String chainOf(ServiceProcess service) {
        service.awaitArchiving();
        return (String) service.health("archive", "details.chain");
    }

    private static void deleteRecursively(Path dir) throws Exception {
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
