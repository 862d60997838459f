package dev.bri.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Samples the meter registry into the ring buffer behind the charts of /ops: per endpoint group the request rate,
 * the 5xx rate and p50/p95/p99 over the recent window; the same for all database operations; the hit ratio of each
 * cache tier over the last interval; archive and offsite lag when those gauges exist; the overall health state.
 */
@ApplicationScoped
public class MetricsSampler {

    private static final Logger LOG = Logger.getLogger(MetricsSampler.class);
    static final double[] QUANTILES = {0.50, 0.95, 0.99};
    static final String[] QUANTILE_NAMES = {"p50", "p95", "p99"};

    private final MeterRegistry registry;
    private final TimeSeriesBuffer buffer;
    private final Duration interval;
    private final int windowSamples;
    private final Map<String, WindowedHistogram> http = new HashMap<>();
    private final WindowedHistogram database;
    private final Map<String, Double> previous = new HashMap<>();
    private long lastSampleNanos;
    private boolean droppedReported;

    public MetricsSampler(MeterRegistry registry, ChartsConfig config) {
        this.registry = registry;
        this.interval = parse(config.sampleInterval());
        int capacity = (int) Math.max(2, config.history().toSeconds() / Math.max(1, interval.toSeconds()));
        this.buffer = new TimeSeriesBuffer(capacity, config.maxSeries());
        this.windowSamples = (int) (config.percentileWindow().toSeconds() / Math.max(1, interval.toSeconds())) + 1;
        this.database = new WindowedHistogram(windowSamples);
    }

    private static Duration parse(String every) {
        if (every == null || every.isBlank() || every.equalsIgnoreCase("off") || every.equalsIgnoreCase("disabled")) {
            return Duration.ofSeconds(10);
        }
        return Duration.parse("PT" + every.toUpperCase(Locale.ROOT));
    }

    TimeSeriesBuffer buffer() {
        return buffer;
    }

    Duration interval() {
        return interval;
    }

    @Scheduled(every = "{bri.ops.charts.sample-interval}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        sample(Instant.now());
    }

    /** One sample; rates are per second over the time since the previous sample. */
    synchronized void sample(Instant now) {
        long nanos = System.nanoTime();
        double seconds = lastSampleNanos == 0 ? interval.toSeconds() : (nanos - lastSampleNanos) / 1e9;
        lastSampleNanos = nanos;
        Map<String, Double> values = new LinkedHashMap<>();
        sampleHttp(values, seconds);
        sampleDatabase(values, seconds);
        sampleCaches(values);
        sampleGauges(values);
        int dropped = buffer.add(now.getEpochSecond(), values);
        if (dropped > 0 && !droppedReported) {
            droppedReported = true;
            LOG.warnf("ops charts: %d series beyond bri.ops.charts.max-series are not kept", dropped);
        }
    }

    /** Endpoint groups: a handful of lines, whatever the number of routes. */
    static String group(String method, String uri) {
        if (uri == null) {
            return "other";
        }
        if (uri.startsWith("/api/v1/videos/{videoId}/search")) {
            return "search";
        }
        if (uri.startsWith("/api/v1/videos/{videoId}/context") || uri.startsWith("/api/v1/videos/{videoId}/objects")) {
            return "GET".equals(method) ? "context read" : "context write";
        }
        if (uri.startsWith("/api/v1/videos/{videoId}/memory")) {
            return "memory";
        }
        if (uri.startsWith("/api/v1/videos/{videoId}/pipeline")) {
            return "pipeline";
        }
        if (uri.startsWith("/api/v1/videos")) {
            return "videos";
        }
        if (uri.startsWith("/admin")) {
            return "admin";
        }
        if (uri.startsWith("/ops")) {
            return "ops";
        }
        return "other";
    }

    private void sampleHttp(Map<String, Double> values, double seconds) {
        Map<String, Acc> groups = new TreeMap<>();
        for (Timer timer : registry.find("http.server.requests").timers()) {
            String group = group(timer.getId().getTag("method"), timer.getId().getTag("uri"));
            String status = timer.getId().getTag("status");
            groups.computeIfAbsent(group, g -> new Acc()).add(timer.takeSnapshot(),
                    status != null && status.startsWith("5"));
        }
        groups.forEach((group, acc) -> {
            WindowedHistogram window = http.computeIfAbsent(group, g -> new WindowedHistogram(windowSamples));
            window.add(acc.point());
            values.put("http.rate|" + group, window.lastDelta() / seconds);
            values.put("http.errors|" + group, delta("errors|" + group, acc.errors) / seconds);
            for (int i = 0; i < QUANTILES.length; i++) {
                values.put("http." + QUANTILE_NAMES[i] + "|" + group, window.quantile(QUANTILES[i]));
            }
        });
    }

    private void sampleDatabase(Map<String, Double> values, double seconds) {
        Acc acc = new Acc();
        for (Timer timer : registry.find("bri.db.query").timers()) {
            acc.add(timer.takeSnapshot(), false);
        }
        database.add(acc.point());
        values.put("db.rate", database.lastDelta() / seconds);
        for (int i = 0; i < QUANTILES.length; i++) {
            values.put("db." + QUANTILE_NAMES[i], database.quantile(QUANTILES[i]));
        }
    }

    private void sampleCaches(Map<String, Double> values) {
        Map<String, double[]> tiers = new TreeMap<>();
        for (Counter counter : registry.find("bri.cache.requests").counters()) {
            String tier = counter.getId().getTag("tier");
            String result = counter.getId().getTag("result");
            if (tier == null || result == null) {
                continue;
            }
            double[] hm = tiers.computeIfAbsent(tier, t -> new double[2]);
            hm[result.equalsIgnoreCase("hit") ? 0 : 1] += counter.count();
        }
        tiers.forEach((tier, hm) -> {
            double hits = delta("cache.hits|" + tier, hm[0]);
            double misses = delta("cache.misses|" + tier, hm[1]);
            values.put("cache.hit|" + tier, hits + misses == 0 ? null : hits / (hits + misses));
        });
    }

    private void sampleGauges(Map<String, Double> values) {
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName().replace('.', '_');
            if (meter instanceof Gauge gauge) {
                if (name.startsWith("bri_backup_archive_lag")) {
                    values.put("lag.archive", finite(gauge.value()));
                } else if (name.startsWith("bri_backup_offsite_lag")) {
                    values.put("lag.offsite", finite(gauge.value()));
                } else if (name.equals("bri_health_state")) {
                    values.put("health", finite(gauge.value()));
                }
            }
        }
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** The increase of a cumulative count since the previous sample (0 the first time, and after a reset). */
    private double delta(String key, double now) {
        Double before = previous.put(key, now);
        return before == null || now < before ? 0 : now - before;
    }

    /** Merges the timers of one group: cumulative buckets, count, errors, max. */
    private static final class Acc {
        final TreeMap<Double, Double> buckets = new TreeMap<>();
        double count;
        double errors;
        double max;

        void add(HistogramSnapshot snap, boolean error) {
            count += snap.count();
            errors += error ? snap.count() : 0;
            max = Math.max(max, snap.max(TimeUnit.MILLISECONDS));
            for (CountAtBucket b : snap.histogramCounts()) {
                buckets.merge(b.bucket(TimeUnit.MILLISECONDS), b.count(), Double::sum);
            }
        }

        WindowedHistogram.Point point() {
            return new WindowedHistogram.Point(buckets, count, max);
        }
    }
}
