package dev.bri.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bri.ServiceProcess;
import dev.bri.TestData;
import dev.bri.archive.ArchiveStore;
import dev.bri.archive.PointInTime;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole disaster, end to end with the packaged service: ingest through the API while the service archives its
 * WAL and replicates to a real S3Proxy (encrypted); the service is SIGKILLed mid-ingest and BOTH the data and the
 * backup volumes are deleted; the CLI rebuilds the newest state from the bucket alone ({@code backup restore
 * --from-s3 --at=latest}); a new service started on the restored volumes serves every item acknowledged before the
 * bucket's recovery point (the "sealed through" instant of the newest segment in the bucket), and that point is
 * within the documented RPO of the kill.
 */
class OffsiteDisasterIT {

    private static final String BUCKET = "offsite-disaster";
    /** Archive interval + replication interval of this run, plus room for a slow upload on a busy machine. */
    private static final Duration RPO_BOUND = Duration.ofSeconds(30);

    private record Request(int k, Instant acknowledged, List<String> ids) {
    }

    @TempDir
    Path tmp;

    @Test
    void theServiceComesBackFromTheBucketAloneWithEveryWriteAcknowledgedBeforeItsRecoveryPoint() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("volumes")).resolve("data");
        Path backups = tmp.resolve("volumes/backups");
        Keys keys = Keys.generate(tmp);
        String video = TestData.newVideoId();
        List<Request> requests = Collections.synchronizedList(new ArrayList<>());
        Instant killedAt;
        try (S3Server s3 = S3Server.s3proxy(tmp.resolve("s3"), BUCKET)) {
            Map<String, String> env = Map.ofEntries(Map.entry("BRI_ADMIN_TOKEN", TestData.ADMIN_TOKEN),
                    Map.entry("BRI_BACKUP_CRON", "off"), Map.entry("BRI_BACKUP_ARCHIVE_INTERVAL", "1s"),
                    Map.entry("BRI_BACKUP_S3_ENDPOINT", s3.endpoint().toString()),
                    Map.entry("BRI_BACKUP_S3_BUCKET", BUCKET), Map.entry("BRI_BACKUP_S3_PREFIX", "prod"),
                    Map.entry("BRI_BACKUP_S3_PATH_STYLE_ACCESS", "true"), Map.entry("BRI_BACKUP_S3_INTERVAL", "1s"),
                    Map.entry("BRI_BACKUP_ENCRYPTION_RECIPIENTS", keys.recipient()),
                    Map.entry("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY),
                    Map.entry("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY));
            ServiceProcess service = new ServiceProcess(data, env).start();
            try {
                RestAssured.given().baseUri(service.url()).contentType(ContentType.JSON)
                        .body("{\"filename\":\"dr.mp4\",\"duration\":36000}").put("/api/v1/videos/{id}", video)
                        .then().statusCode(201);
                service.awaitArchiving();
                AtomicBoolean stop = new AtomicBoolean();
                Thread writer = new Thread(() -> {
                    for (int k = 0; !stop.get(); k++) {
                        requests.add(ingest(service, video, k));
                    }
                });
                writer.start();
                // long enough for several replication passes during ingest
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> metric(service, "bri_backup_offsite_uploaded_objects_total") >= 12
                                && requests.size() >= 200);
                service.kill();
                killedAt = Instant.now();
                stop.set(true);
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } finally {
                service.stop();
            }

            // the disaster: both volumes are gone
            RemoteBackups.deleteTree(data);
            RemoteBackups.deleteTree(backups);
            assertThat(data).doesNotExist();
            assertThat(backups).doesNotExist();

            Path log = tmp.resolve("restore.log");
            Map<String, String> cliEnv = Map.of("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY",
                    S3Server.SECRET_KEY, "BRI_BACKUP_S3_ENDPOINT", s3.endpoint().toString(), "BRI_BACKUP_S3_BUCKET",
                    BUCKET, "BRI_BACKUP_S3_PREFIX", "prod", "BRI_BACKUP_S3_PATH_STYLE_ACCESS", "true");
            assertThat(ServiceProcess.cli(log, cliEnv, "backup", "restore", "--from-s3", "--at=latest", "--yes",
                    "--identity-file", keys.identityFile().toString(), "--data-dir=" + data, "--backup-dir=" + backups))
                    .as(Files.readString(log)).isZero();
            assertThat(Files.readString(log)).contains("downloaded chain").contains("integrity_check ok");
        }

        // the bucket's recovery point: every commit up to the newest uploaded segment's "sealed through" instant
        Instant recoveryPoint = new PointInTime(new ArchiveStore(backups), null).plan(null).coveredThrough();
        Duration rpo = Duration.between(recoveryPoint, killedAt);
        System.out.printf("offsite disaster: %d requests, recovery point %s, kill %s, RPO %d ms%n", requests.size(),
                recoveryPoint, killedAt, rpo.toMillis());
        assertThat(rpo).as("recovery point %s vs kill %s", recoveryPoint, killedAt).isLessThan(RPO_BOUND);

        Set<String> mustHave = new HashSet<>();
        Set<String> sent = new HashSet<>();
        int lastK = -1;
        for (Request r : requests) {
            sent.addAll(r.ids());
            if (r.acknowledged() != null && r.acknowledged().isBefore(recoveryPoint)) {
                mustHave.addAll(r.ids());
            }
            lastK = Math.max(lastK, r.k());
        }
        assertThat(mustHave).hasSizeGreaterThan(500);
        Set<String> inFile = ServiceProcess.itemIds(data.resolve("bri.db"));
        assertThat(sent).as("nothing that was never sent").containsAll(inFile);
        assertThat(inFile).containsAll(mustHave);

        // the service on the restored volumes serves them
        try (ServiceProcess restored = new ServiceProcess(data, Map.of("BRI_ADMIN_TOKEN", TestData.ADMIN_TOKEN,
                "BRI_BACKUP_CRON", "off")).start()) {
            Set<String> served = new HashSet<>();
            for (int from = 0; from <= lastK; from += 10) {
                Response doc = RestAssured.given().baseUri(restored.url())
                        .queryParam("types", "caption").queryParam("from", from).queryParam("to", from + 10)
                        .get("/api/v1/videos/{id}/context", video);
                assertThat(doc.statusCode()).as(doc.asString()).isEqualTo(200);
                served.addAll(doc.jsonPath().getList("captions.id", String.class));
            }
            assertThat(served).containsAll(mustHave);
        }
    }

    /** Request k: five captions in [k, k+1). */
    private static Request ingest(ServiceProcess service, String video, int k) {
        List<String> items = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "r" + k + "-i" + i;
            ids.add(id);
            items.add(TestData.caption(id, k + i * 0.1, "disaster test " + k));
        }
        try {
            Response response = RestAssured.given().baseUri(service.url()).contentType(ContentType.JSON)
                    .body(TestData.batch(items.toArray(String[]::new))).post("/api/v1/videos/{id}/context", video);
            return new Request(k, response.statusCode() == 200 ? Instant.now() : null, ids);
        } catch (RuntimeException connectionLost) {
            return new Request(k, null, ids);
        }
    }

    private static double metric(ServiceProcess service, String name) {
        String body = RestAssured.given().baseUri(service.url()).get("/q/metrics").then().extract().asString();
        return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

}
