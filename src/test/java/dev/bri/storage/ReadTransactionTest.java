package dev.bri.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bri.TestData;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A read's statements share one snapshot, and the read leaves no transaction open behind it. */
@QuarkusTest
class ReadTransactionTest {

    @Inject
    Database database;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aReadSeesOneSnapshotAndLeavesNoneOpen() throws Exception {
        List<Integer> seen = database.read("test_snapshot", c -> {
            int before = videos(c);
            // committed by another thread while this read runs
            CompletableFuture.runAsync(() -> TestData.createVideo(5)).join();
            return List.of(before, videos(c));
        });
        assertThat(seen.get(1)).as("videos counted twice in one read").isEqualTo(seen.get(0));

        try (Connection c = dataSource.getConnection()) {
            assertThat(videos(c)).isEqualTo(seen.get(0) + 1);
            Snapshots.assertNoneHeld(c);
        }
    }

    @Test
    void aFailedReadLeavesNoTransactionOpen() throws Exception {
        assertThatThrownBy(() -> database.read("test_failing", c -> {
            videos(c);
            throw new SQLException("the read fails after its first statement");
        })).isInstanceOf(StorageException.class).hasRootCauseMessage("the read fails after its first statement");
        TestData.createVideo(5);
        try (Connection c = dataSource.getConnection()) {
            Snapshots.assertNoneHeld(c);
        }
    }

    private static int videos(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM videos")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
