package dev.bri.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bri.resilience.GuardedReads;
import dev.bri.resilience.ResilienceConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Reads stopped at their deadline by SQLite itself. The slow statement counts to 200 million (about 40 s here): a
 * read that is not stopped finishes with a number, and the test fails on it rather than hanging.
 */
@QuarkusTest
class ReadDeadlinesTest {

    private static final String COUNT_TO = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
            + "WHERE i < ?) SELECT count(*) FROM n";
    private static final long FOREVER = 200_000_000L;

    @Inject
    Database database;

    @Inject
    GuardedReads guarded;

    @Inject
    ResilienceConfig resilience;

    @Inject
    MeterRegistry registry;

    @Test
    void aReadPastItsDeadlineIsStoppedInSqliteAndItsConnectionServesTheNextRead() {
        double before = timeouts("test_deadline");
        assertThatThrownBy(() -> database.read("test_deadline", Duration.ofMillis(200), c -> countTo(c, FOREVER)))
                .isInstanceOf(ReadTimeoutException.class)
                .hasMessageContaining("test_deadline")
                .cause().isInstanceOfSatisfying(SQLiteException.class,
                        e -> assertThat(e.getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_INTERRUPT));
        assertThat(timeouts("test_deadline")).isEqualTo(before + 1);

        // same thread, same cached statement, likely the same pooled connection: nothing is left interrupted
        assertThat((long) database.<Long>read("test_deadline", Duration.ofSeconds(30), c -> countTo(c, 1000)))
                .isEqualTo(1000);
        // and a read without a deadline on this thread is never stopped
        assertThat((long) database.<Long>read("test_deadline", c -> countTo(c, 2_000_000))).isEqualTo(2_000_000);
    }

    @Test
    void theDeadlineIncludesWaitingForTheDatabase() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> restore = CompletableFuture.runAsync(() -> database.exclusive("test_hold", c -> {
            held.countDown();
            await(release);
            return null;
        }));
        try {
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
            // bri.storage.write-wait is 10 s: the read gives up at its own, shorter deadline
            assertThatThrownBy(() -> database.read("test_deadline_wait", Duration.ofMillis(300), c -> countTo(c, 1)))
                    .isInstanceOf(ReadTimeoutException.class);
            assertThat(timeouts("test_deadline_wait")).isPositive();
        } finally {
            release.countDown();
            restore.get(30, TimeUnit.SECONDS);
        }
        assertThat((long) database.<Long>read("test_deadline_wait", Duration.ofSeconds(30), c -> countTo(c, 1)))
                .isEqualTo(1);
    }

    @Test
    void guardedReadsHaveTheConfiguredDeadline() {
        assertThat(resilience.database().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> guarded.read("test_guarded_deadline", c -> countTo(c, FOREVER)))
                .isInstanceOf(ReadTimeoutException.class);
        assertThat(timeouts("test_guarded_deadline")).isEqualTo(1);
        assertThat((long) guarded.<Long>read("test_guarded_deadline", c -> countTo(c, 10))).isEqualTo(10);
    }

    private static long countTo(java.sql.Connection c, long n) throws java.sql.SQLException {
        PreparedStatement s = Statements.cached(c, COUNT_TO);
        s.setLong(1, n);
        try (ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private double timeouts(String operation) {
        var counter = registry.find("bri.db.read.timeouts").tag("operation", operation).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
