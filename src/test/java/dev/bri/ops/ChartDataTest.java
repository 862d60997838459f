package dev.bri.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChartDataTest {

    @Test
    void aDayIsFoldedToAtMost720PointsKeepingSpikesAndMeans() {
        TimeSeriesBuffer buffer = new TimeSeriesBuffer(8640, 10);
        for (int i = 0; i < 8640; i++) {
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("http.rate|search", i % 2 == 0 ? 10.0 : 20.0);
            values.put("http.p99|search", i == 4321 ? 900.0 : 12.0);
            values.put("health", i < 5000 ? 0.0 : i < 6000 ? 1.0 : 0.0);
            if (i >= 8000) {
                values.put("lag.archive", 3.0);
            }
            buffer.add(1_000_000L + 10L * i, values);
        }
        ChartData day = ChartData.of(buffer.since(0), 86_400, 10, 300, buffer.capacity(), 0);
        assertThat(day.t()).hasSize(720);
        assertThat(day.stepSeconds()).isEqualTo(120);
        assertThat(day.series().get("http.rate|search")).allSatisfy(v -> assertThat(v).isEqualTo(15.0));
        assertThat(day.series().get("http.p99|search")).contains(900.0).filteredOn(v -> v == 900.0).hasSize(1);
        assertThat(day.series().get("lag.archive").subList(0, 600)).containsOnlyNulls();
        assertThat(day.healthChanges()).extracting(ChartData.HealthChange::t)
                .containsExactly(1_000_000L + 50_000, 1_000_000L + 60_000);
        assertThat(day.healthChanges()).extracting(ChartData.HealthChange::to).containsExactly(1, 0);

        // the last hour: only the samples newer than its start, unfolded
        ChartData hour = ChartData.of(buffer.since(1_000_000L + 86_390 - 3600), 3600, 10, 300, 8640, 0);
        assertThat(hour.t()).hasSize(360);
        assertThat(hour.stepSeconds()).isEqualTo(10);
    }

    @Test
    void theBufferIsBoundedInSamplesAndSeries() {
        TimeSeriesBuffer buffer = new TimeSeriesBuffer(5, 2);
        for (int i = 0; i < 12; i++) {
            assertThat(buffer.add(i, Map.of("a", (double) i))).isZero();
        }
        assertThat(buffer.since(-1).times()).containsExactly(7, 8, 9, 10, 11);
        assertThat(buffer.add(12, new LinkedHashMap<>(Map.of("b", 1.0)))).isZero();
        assertThat(buffer.add(13, new LinkedHashMap<>(Map.of("c", 1.0)))).isEqualTo(1);
        assertThat(buffer.names()).containsExactly("a", "b");
        assertThat(buffer.since(-1).series().get("a")[4]).isNaN();
    }
}
