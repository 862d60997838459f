package dev.bri.ops;

import dev.bri.observability.LogEntry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts over the buffered records: per level, top components, and a timeline of records per bucket and level. */
@RegisterForReflection
public record Analytics(int total, Map<String, Integer> levels, List<Component> components, long bucketSeconds,
        List<Bucket> timeline) {

    @RegisterForReflection
    public record Component(String logger, int count) {
    }

    /** Records per level in [start, start + bucket). */
    @RegisterForReflection
    public record Bucket(long startMillis, Map<String, Integer> levels) {
    }

    static final int TOP = 10;

    /** At most this many timeline buckets: a wider time range gets wider buckets. */
    static final int MAX_BUCKETS = 240;

    /** Widest bucket a client may ask for: one day (the buffer holds recent records, not months). */
    static final long MAX_BUCKET_SECONDS = 86_400;

    static Analytics of(List<LogEntry> entries, Long requestedBucketSeconds) {
        long span = entries.isEmpty()
                ? 0
                : entries.get(entries.size() - 1).epochMillis() - entries.get(0).epochMillis();
        long bucketSeconds = requestedBucketSeconds != null
                ? Math.min(MAX_BUCKET_SECONDS, Math.max(1, requestedBucketSeconds))
                : Math.max(60, ((span / 1000 / MAX_BUCKETS) / 60 + 1) * 60);
        if (span / (bucketSeconds * 1000) > MAX_BUCKETS) {
            bucketSeconds = span / 1000 / MAX_BUCKETS + 1;
        }
        Map<String, Integer> levels = new LinkedHashMap<>();
        for (String level : LogFilter.LEVELS) {
            levels.put(level, 0);
        }
        Map<String, Integer> loggers = new HashMap<>();
        TreeMap<Long, Map<String, Integer>> buckets = new TreeMap<>();
        long bucketMillis = bucketSeconds * 1000;
        for (LogEntry e : entries) {
            levels.merge(e.level(), 1, Integer::sum);
            loggers.merge(e.logger(), 1, Integer::sum);
            long start = Math.floorDiv(e.epochMillis(), bucketMillis) * bucketMillis;
            buckets.computeIfAbsent(start, s -> new LinkedHashMap<>()).merge(e.level(), 1, Integer::sum);
        }
        List<Component> top = new ArrayList<>();
        loggers.forEach((logger, count) -> top.add(new Component(logger, count)));
        top.sort(Comparator.comparingInt(Component::count).reversed().thenComparing(Component::logger));
        List<Bucket> timeline = new ArrayList<>();
        if (!buckets.isEmpty()) {
            // fill empty buckets so the chart's x axis is continuous
            for (long t = buckets.firstKey(); t <= buckets.lastKey(); t += bucketMillis) {
                timeline.add(new Bucket(t, buckets.getOrDefault(t, Map.of())));
            }
        }
        return new Analytics(entries.size(), levels, top.subList(0, Math.min(TOP, top.size())), bucketSeconds,
                timeline);
    }
}
