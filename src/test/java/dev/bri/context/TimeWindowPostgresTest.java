package dev.bri.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.testing.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TimeWindowTest} on the PostgreSQL engine, with PostgreSQL's plan of the window query. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class TimeWindowPostgresTest extends TimeWindowTest {

    /**
     * Each arm is a range of the window index, and nothing is sorted. Sequential scans are turned off for the
     * statement: on a small test table the planner rightly prefers them, which says nothing about the arms' shape.
     */
    @Test
    @Override
    void eachTypeIsOneIndexRangeAndNothingIsSorted() throws Exception {
        List<String> plan = database.read("test", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL enable_seqscan = off");
            }
            List<String> lines = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("EXPLAIN " + ContextRepository.WINDOW_POSTGRES)) {
                s.setLong(1, 1);
                for (int i = 2; i <= 11; i++) {
                    s.setDouble(i, i);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            }
            return lines;
        });
        assertThat(plan).filteredOn(line -> line.contains("Index Scan using ix_context_items_window on context_items"))
                .hasSize(ItemType.values().length);
        assertThat(plan).noneMatch(line -> line.contains("Sort"));
        assertThat(plan).noneMatch(line -> line.contains("Seq Scan on context_items"));
    }
}
