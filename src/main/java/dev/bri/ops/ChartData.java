package dev.bri.ops;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The time series of one chart range, at most {@link #MAX_POINTS} points: longer ranges are folded, rates and ratios
 * by their mean, latencies, lags and health by their maximum (a fold never hides a spike). {@code series} is keyed
 * {@code <kind>|<group>} (http.rate|search, http.p99|context read, cache.hit|l1) or {@code <kind>} (db.p95, lag.archive,
 * health); null where no value was sampled.
 */
@RegisterForReflection
public record ChartData(long rangeSeconds, long stepSeconds, long sampleSeconds, long percentileWindowSeconds,
        @Schema(description = "Sample times, epoch seconds") long[] t, Map<String, List<Double>> series,
        @Schema(description = "When the overall health state changed (0 healthy, 1 degraded, 2 unhealthy)") List<HealthChange> healthChanges,
        int bufferCapacity, long bufferBytesMax) {

    static final int MAX_POINTS = 720;

    @RegisterForReflection
    public record HealthChange(long t, int from, int to) {
    }

    static ChartData of(TimeSeriesBuffer.Snapshot snapshot, long rangeSeconds, long sampleSeconds,
            long windowSeconds, int capacity, long bytesMax) {
        long[] times = snapshot.times();
        int n = times.length;
        int fold = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
        int points = (n + fold - 1) / fold;
        long[] t = new long[points];
        for (int p = 0; p < points; p++) {
            t[p] = times[Math.min(n, (p + 1) * fold) - 1];
        }
        Map<String, List<Double>> series = new LinkedHashMap<>();
        snapshot.series().forEach((name, column) -> {
            boolean mean = name.startsWith("http.rate") || name.startsWith("http.errors") || name.equals("db.rate")
                    || name.startsWith("cache.hit");
            List<Double> out = new ArrayList<>(points);
            boolean any = false;
            for (int p = 0; p < points; p++) {
                float[] part = Arrays.copyOfRange(column, p * fold, Math.min(n, (p + 1) * fold));
                Double v = mean ? mean(part) : max(part);
                any |= v != null;
                out.add(v);
            }
            if (any) {
                series.put(name, out);
            }
        });
        List<HealthChange> changes = new ArrayList<>();
        float[] health = snapshot.series().get("health");
        if (health != null) {
            float last = Float.NaN;
            for (int i = 0; i < n; i++) {
                if (!Float.isNaN(health[i])) {
                    if (!Float.isNaN(last) && health[i] != last) {
                        changes.add(new HealthChange(times[i], (int) last, (int) health[i]));
                    }
                    last = health[i];
                }
            }
        }
        return new ChartData(rangeSeconds, sampleSeconds * fold, sampleSeconds, windowSeconds, t, series, changes,
                capacity, bytesMax);
    }

    private static Double mean(float[] values) {
        double sum = 0;
        int count = 0;
        for (float v : values) {
            if (!Float.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? null : round(sum / count);
    }

    private static Double max(float[] values) {
        Double max = null;
        for (float v : values) {
            if (!Float.isNaN(v)) {
                max = max == null ? v : Math.max(max, v);
            }
        }
        return max == null ? null : round(max);
    }

    /** Four significant digits are all a chart shows; they keep the document small. */
    private static double round(double v) {
        return v == 0 ? 0 : Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", v));
    }
}
