package dev.bri.ops;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded ring buffer of samples: one timestamp column and one float column per series, all of {@code capacity}
 * slots, so memory is at most (8 + 4 x maxSeries) x capacity bytes. A series first seen later is NaN before it.
 */
final class TimeSeriesBuffer {

    private final int capacity;
    private final int maxSeries;
    private final long[] times;
    private final Map<String, float[]> series = new LinkedHashMap<>();
    private int next;
    private int size;

    TimeSeriesBuffer(int capacity, int maxSeries) {
        this.capacity = capacity;
        this.maxSeries = maxSeries;
        this.times = new long[capacity];
    }

    int capacity() {
        return capacity;
    }

    /** Appends one sample; values of series not in {@code values} are NaN for it. Returns the series dropped. */
    synchronized int add(long epochSecond, Map<String, Double> values) {
        int slot = next;
        times[slot] = epochSecond;
        for (float[] column : series.values()) {
            column[slot] = Float.NaN;
        }
        int dropped = 0;
        for (Map.Entry<String, Double> value : values.entrySet()) {
            float[] column = series.get(value.getKey());
            if (column == null) {
                if (series.size() >= maxSeries) {
                    dropped++;
                    continue;
                }
                column = new float[capacity];
                Arrays.fill(column, Float.NaN);
                series.put(value.getKey(), column);
            }
            column[slot] = value.getValue() == null ? Float.NaN : value.getValue().floatValue();
        }
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
        return dropped;
    }

    /** The samples newer than {@code sinceEpochSecond}, oldest first, every series (NaN where absent). */
    synchronized Snapshot since(long sinceEpochSecond) {
        int start = (next - size + capacity) % capacity;
        int skipped = 0;
        while (skipped < size && times[(start + skipped) % capacity] <= sinceEpochSecond) {
            skipped++;
        }
        final int first = skipped;
        final int n = size - first;
        long[] t = new long[n];
        Map<String, float[]> columns = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            t[i] = times[(start + first + i) % capacity];
        }
        series.forEach((name, column) -> {
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = column[(start + first + i) % capacity];
            }
            columns.put(name, out);
        });
        return new Snapshot(t, columns);
    }

    synchronized List<String> names() {
        return List.copyOf(series.keySet());
    }

    record Snapshot(long[] times, Map<String, float[]> series) {
    }
}
