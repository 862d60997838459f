package dev.bri.ops;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Percentiles over a recent window of a cumulative histogram (Micrometer's buckets since start-up): it keeps the
 * cumulative bucket counts of the last samples and answers from the difference between the newest and the oldest, so
 * a percentile describes the window, not the process lifetime. A percentile is the upper bound of the bucket holding
 * it, but never more than the largest value seen in the window: the bucket bound can be far above every real value.
 */
final class WindowedHistogram {

    /** Cumulative counts per bucket upper bound (ms) at one sample, and that sample's max (ms). */
    record Point(TreeMap<Double, Double> cumulative, double count, double maxMs) {
    }

    private final int samples;
    private final ArrayDeque<Point> points = new ArrayDeque<>();

    WindowedHistogram(int samples) {
        this.samples = Math.max(2, samples);
    }

    void add(Point point) {
        points.addLast(point);
        while (points.size() > samples) {
            points.removeFirst();
        }
    }

    /** Requests in the window (between the oldest and newest sample). */
    double count() {
        return points.size() < 2 ? 0 : points.getLast().count() - points.getFirst().count();
    }

    /** Requests between the two newest samples. */
    double lastDelta() {
        if (points.size() < 2) {
            return 0;
        }
        Point newest = points.pollLast();
        double delta = newest.count() - points.getLast().count();
        points.addLast(newest);
        return delta;
    }

    /** The largest value seen in the window, from the samples' maxima (Micrometer keeps a decaying max). */
    double maxMs() {
        double max = 0;
        boolean first = true;
        for (Point p : points) {
            if (!first) {
                max = Math.max(max, p.maxMs());
            }
            first = false;
        }
        return max;
    }

    /** The q-quantile of the window in ms, or null when the window holds no request. */
    Double quantile(double q) {
        double n = count();
        if (n <= 0) {
            return null;
        }
        TreeMap<Double, Double> newest = points.getLast().cumulative();
        TreeMap<Double, Double> oldest = points.getFirst().cumulative();
        double max = maxMs();
        for (Map.Entry<Double, Double> bucket : newest.entrySet()) {
            double inWindow = bucket.getValue() - oldest.getOrDefault(bucket.getKey(), 0.0);
            if (inWindow >= q * n) {
                return max > 0 ? Math.min(bucket.getKey(), max) : bucket.getKey();
            }
        }
        return max; // beyond the last bucket: the max is the best bound known
    }
}
