package dev.bri.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Latency per endpoint and per database operation, and cache hit rates, read from the MeterRegistry (so the page
 * shows what Prometheus scrapes, since start-up). Percentiles are upper bounds of the histogram bucket holding them.
 */
@RegisterForReflection
public record PerformanceReport(List<Latency> http, List<Latency> database, List<CacheRate> caches) {

    @RegisterForReflection
    public record Latency(String name, long count, long errors, double meanMs, Double p50Ms, Double p95Ms,
            Double p99Ms, double maxMs) {
    }

    /** @param entries current size of the tier ({@code bri.cache.entries{tier}}), null if not known */
    @RegisterForReflection
    public record CacheRate(String name, double hits, double misses, Double hitRatio, Double entries) {
    }

    static PerformanceReport of(MeterRegistry registry) {
        Map<String, List<Timer>> http = new TreeMap<>();
        for (Timer t : registry.find("http.server.requests").timers()) {
            http.computeIfAbsent(t.getId().getTag("method") + " " + t.getId().getTag("uri"), k -> new ArrayList<>())
                    .add(t);
        }
        Map<String, List<Timer>> db = new TreeMap<>();
        for (Timer t : registry.find("bri.db.query").timers()) {
            db.computeIfAbsent(t.getId().getTag("operation"), k -> new ArrayList<>()).add(t);
        }
        return new PerformanceReport(latencies(http), latencies(db), caches(registry));
    }

    private static List<Latency> latencies(Map<String, List<Timer>> groups) {
        List<Latency> out = new ArrayList<>();
        groups.forEach((name, timers) -> out.add(latency(name, timers)));
        out.sort(Comparator.comparingLong(Latency::count).reversed());
        return out;
    }

    /** Merges the timers of one endpoint (one per status) into one row. */
    static Latency latency(String name, List<Timer> timers) {
        long count = 0;
        long errors = 0;
        double total = 0;
        double max = 0;
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (Timer t : timers) {
            HistogramSnapshot snap = t.takeSnapshot();
            count += snap.count();
            total += snap.total(TimeUnit.MILLISECONDS);
            max = Math.max(max, snap.max(TimeUnit.MILLISECONDS));
            String status = t.getId().getTag("status");
            if (status != null && status.startsWith("5")) {
                errors += snap.count();
            }
            for (CountAtBucket b : cumulative(snap.histogramCounts())) {
                buckets.merge(b.bucket(TimeUnit.MILLISECONDS), b.count(), Double::sum);
            }
        }
        return new Latency(name, count, errors, count == 0 ? 0 : total / count, quantile(buckets, count, 0.50),
                quantile(buckets, count, 0.95), quantile(buckets, count, 0.99), max);
    }

    /** Micrometer reports cumulative counts for Prometheus; accept per-bucket counts too. */
    private static CountAtBucket[] cumulative(CountAtBucket[] counts) {
        boolean monotonic = true;
        for (int i = 1; i < counts.length; i++) {
            monotonic &= counts[i].count() >= counts[i - 1].count();
        }
        if (monotonic) {
            return counts;
        }
        CountAtBucket[] out = new CountAtBucket[counts.length];
        double sum = 0;
        for (int i = 0; i < counts.length; i++) {
            sum += counts[i].count();
            out[i] = new CountAtBucket(counts[i].bucket(), sum);
        }
        return out;
    }

    private static Double quantile(TreeMap<Double, Double> cumulative, long count, double q) {
        if (count == 0 || cumulative.isEmpty()) {
            return null;
        }
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= q * count) {
                return bucket.getKey();
            }
        }
        return null; // beyond the last bucket: only max is known
    }

    /**
     * Hit ratios of every cache the service counts: counters named *cache* with a result tag of hit or miss,
     * grouped by name and by their cache/tier/name tag.
     */
    private static List<CacheRate> caches(MeterRegistry registry) {
        Map<String, double[]> rates = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName();
            String result = meter.getId().getTag("result");
            if (!name.toLowerCase(Locale.ROOT).contains("cache") || result == null) {
                continue;
            }
            double value = meter instanceof Counter c
                    ? c.count()
                    : meter instanceof FunctionCounter f
                            ? f.count()
                            : meter instanceof Gauge g ? g.value() : Double.NaN;
            if (Double.isNaN(value)) {
                continue;
            }
            String which = firstTag(meter, "tier", "cache", "name");
            String key = which == null ? name : which;
            double[] hm = rates.computeIfAbsent(key, k -> new double[2]);
            if (result.equalsIgnoreCase("hit")) {
                hm[0] += value;
            } else if (result.equalsIgnoreCase("miss")) {
                hm[1] += value;
            }
        }
        List<CacheRate> out = new ArrayList<>();
        rates.forEach((key, hm) -> {
            Gauge size = key.startsWith("tier=")
                    ? registry.find("bri.cache.entries").tag("tier", key.substring(5))
                            .gauge()
                    : null;
            out.add(new CacheRate(key, hm[0], hm[1], hm[0] + hm[1] == 0 ? null : hm[0] / (hm[0] + hm[1]),
                    size == null ? null : size.value()));
        });
        return out;
    }

    private static String firstTag(Meter meter, String... keys) {
        for (String key : keys) {
            String v = meter.getId().getTag(key);
            if (v != null) {
                return key + "=" + v;
            }
        }
        return null;
    }
}
