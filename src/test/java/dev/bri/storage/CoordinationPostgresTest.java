package dev.bri.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bri.domain.ConflictException;
import dev.bri.retention.RetentionService;
import dev.bri.testing.PostgresProfile;
import dev.bri.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Work that must run once across replicas, on a real PostgreSQL: another replica is played by a second connection
 * holding (or trying) the job's advisory lock, as a second service process would.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class CoordinationPostgresTest {

    @Inject
    Coordination coordination;

    @Inject
    RetentionService retention;

    private static Connection otherReplica() throws SQLException {
        return PostgresResource.server().connect(PostgresResource.database());
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static boolean gone(int backend) throws SQLException {
        try (Connection c = otherReplica();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + backend)) {
            rs.next();
            return rs.getInt(1) == 0;
        }
    }

    private static boolean tryLock(Connection c, String job) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock("
                        + Coordination.LOCK_SPACE + ", " + Coordination.lockKey(job) + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Test
    void aJobRunningOnAnotherReplicaIsSkippedHereAndRunsOnceItEnds() throws Exception {
        int otherBackend;
        try (Connection other = otherReplica()) {
            otherBackend = backendPid(other);
            assertThat(tryLock(other, RetentionService.JOB)).isTrue();
            assertThat(coordination.once(RetentionService.JOB, () -> "ran")).isEmpty();
            assertThatThrownBy(() -> retention.run(Instant.now(), "test", "test"))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("another replica");
            assertThat(coordination.once("another-job", () -> "ran")).as("other jobs are not held").contains("ran");
        }
        // the other replica's connection ended (it stopped or died): the server releases its lock when that backend
        // has exited, which follows the client's close asynchronously
        await().pollInterval(Duration.ofMillis(10)).until(() -> gone(otherBackend));
        assertThat(coordination.once(RetentionService.JOB, () -> "ran")).contains("ran");
        assertThat(retention.run(Instant.now(), "test", "test").dryRun()).isFalse();
    }

    @Test
    void whileThisReplicaRunsAJobNoOtherCanStartIt() throws Exception {
        boolean[] otherGotIt = new boolean[1];
        coordination.once(RetentionService.JOB, () -> {
            try (Connection other = otherReplica()) {
                otherGotIt[0] = tryLock(other, RetentionService.JOB);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return "ran";
        });
        assertThat(otherGotIt[0]).isFalse();
        try (Connection other = otherReplica()) {
            assertThat(tryLock(other, RetentionService.JOB)).as("released when the run ended").isTrue();
        }
    }

    @Test
    void aScheduledJobRunsOncePerPeriodWhicheverReplicaFiresFirst() throws Exception {
        String job = "periodic-" + System.nanoTime();
        Duration hour = Duration.ofHours(1);
        Instant start = Instant.parse("2026-12-03T10:00:00Z");
        assertThat(coordination.oncePerPeriod(job, hour, start.plusSeconds(5), () -> "first")).contains("first");
        // the other replica's schedule fires later in the same hour: the period is claimed
        assertThat(coordination.oncePerPeriod(job, hour, start.plusSeconds(1800), () -> "again")).isEmpty();
        try (Connection other = otherReplica();
                Statement s = other.createStatement();
                ResultSet rs = s.executeQuery("SELECT period FROM job_runs WHERE job = '" + job + "'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(Coordination.periodOf(hour, start));
        }
        assertThat(coordination.oncePerPeriod(job, hour, start.plusSeconds(3600), () -> "next")).contains("next");
        // a replica whose clock is behind does not run an earlier period again
        assertThat(coordination.oncePerPeriod(job, hour, start.plusSeconds(10), () -> "late")).isEmpty();
    }
}
