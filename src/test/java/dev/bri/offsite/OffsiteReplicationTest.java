package dev.bri.offsite;

import static dev.bri.TestData.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bri.backup.BackupService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The service's background replicator against a real S3Proxy: uploads after a backup, an outage that opens the
 * {@code offsite} breaker and degrades health while backups go on, and catching up by itself once the server is back.
 */
@QuarkusTest
@TestProfile(OffsiteProfile.class)
class OffsiteReplicationTest {

    @Inject
    OffsiteReplication replication;

    @Inject
    BackupService backups;

    @Inject
    CircuitBreakerMaintenance breakers;

    private static double metric(String name) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static double secondsSince(java.time.Instant t) {
        return java.time.Duration.between(t, java.time.Instant.now()).toNanos() / 1e9;
    }

    private static JsonPath offsiteHealth() {
        return given().auth().oauth2(ADMIN_TOKEN).get("/admin/health").then().statusCode(200).extract().jsonPath();
    }

    private static String offsiteStatus() {
        return offsiteHealth().getString("components.find { it.component == 'offsite' }.status");
    }

    @Test
    void aBackupReachesTheBucketAnOutageDegradesHealthWithoutStoppingBackupsAndReplicationCatchesUp()
            throws Exception {
        assertThat(metric("bri_backup_offsite_enabled")).isEqualTo(1);
        String first = backups.create("api", true, false).backup().id();
        java.time.Instant beforePass = java.time.Instant.now();
        Replicator.Pass pass = replication.replicateNow();
        assertThat(pass.inSync()).isTrue();
        assertThat(metric("bri_backup_offsite_uploaded_objects_total")).isGreaterThanOrEqualTo(2);
        assertThat(metric("bri_backup_offsite_uploaded_bytes_total")).isPositive();
        // in sync: the bucket may lack only what was sealed since the pass listed the directory
        assertThat(metric("bri_backup_offsite_lag_seconds")).isLessThanOrEqualTo(secondsSince(beforePass));
        assertThat(offsiteStatus()).isEqualTo("HEALTHY");
        try (ObjectStore bucket = new ObjectStore(OffsiteServerResource.server.settings(
                OffsiteServerResource.BUCKET, "svc"))) {
            assertThat(new RemoteBackups(bucket).list()).extracting(RemoteBackups.RemoteBackup::id).contains(first);
        }

        double failuresBefore = metric("bri_backup_offsite_failures_total");
        OffsiteServerResource.server.kill();
        // local backups go on while the bucket is gone
        String second = backups.create("api", true, false).backup().id();
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            replication.replicateNow();
            return breakers.currentState("offsite") == CircuitBreakerState.OPEN;
        });
        assertThat(metric("bri_backup_offsite_failures_total")).isGreaterThan(failuresBefore);
        assertThat(metric("bri_backup_offsite_pending_objects")).isPositive();
        assertThat(metric("bri_backup_offsite_lag_seconds")).isPositive();
        assertThat(offsiteStatus()).isEqualTo("DEGRADED");
        given().get("/q/health/ready").then().statusCode(200);

        OffsiteServerResource.server.start();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Replicator.Pass p = replication.replicateNow();
            return p != null && p.inSync();
        });
        assertThat(breakers.currentState("offsite")).isEqualTo(CircuitBreakerState.CLOSED);
        double duringOutage = metric("bri_backup_offsite_lag_seconds");
        java.time.Instant beforeLast = java.time.Instant.now();
        assertThat(replication.replicateNow().inSync()).isTrue();
        assertThat(metric("bri_backup_offsite_lag_seconds")).isLessThanOrEqualTo(secondsSince(beforeLast))
                .isLessThan(duringOutage + secondsSince(beforeLast));
        assertThat(offsiteStatus()).isEqualTo("HEALTHY");
        try (ObjectStore bucket = new ObjectStore(OffsiteServerResource.server.settings(
                OffsiteServerResource.BUCKET, "svc"))) {
            assertThat(new RemoteBackups(bucket).list()).extracting(RemoteBackups.RemoteBackup::id)
                    .contains(first, second);
        }
    }
}
