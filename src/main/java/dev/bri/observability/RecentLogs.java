package dev.bri.observability;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;

/**
 * A bounded in-memory buffer of recent log records (what the ops dashboard shows), fed by a handler on the root
 * logger, plus error groups by fingerprint that outlive the buffer. Memory is bounded by bri.log.buffer-size records
 * and bri.log.max-error-groups groups.
 */
@ApplicationScoped
public class RecentLogs {

    private final int capacity;
    private final int maxGroups;
    private final ArrayDeque<LogEntry> entries = new ArrayDeque<>();
    private final Map<String, ErrorGroup> groups = new LinkedHashMap<>();
    private final Handler handler = new Handler();
    private long seq;

    public RecentLogs(ObservabilityConfig config) {
        this.capacity = Math.max(1, config.bufferSize());
        this.maxGroups = Math.max(1, config.maxErrorGroups());
    }

    void start(@Observes StartupEvent event) {
        LogContext.getLogContext().getLogger("").addHandler(handler);
    }

    void stop(@Observes ShutdownEvent event) {
        LogContext.getLogContext().getLogger("").removeHandler(handler);
    }

    /** Matching records in time order, at most {@code limit}, the newest ones when there are more. */
    public synchronized List<LogEntry> query(Predicate<LogEntry> filter, int limit) {
        ArrayDeque<LogEntry> newest = new ArrayDeque<>();
        var it = entries.descendingIterator();
        while (it.hasNext() && newest.size() < limit) {
            LogEntry entry = it.next();
            if (filter.test(entry)) {
                newest.addFirst(entry);
            }
        }
        return new ArrayList<>(newest);
    }

    public synchronized long lastSeq() {
        return seq;
    }

    public int capacity() {
        return capacity;
    }

    /** Error groups, most recently seen first. */
    public synchronized List<ErrorGroup> errorGroups() {
        List<ErrorGroup> list = new ArrayList<>(groups.values());
        java.util.Collections.reverse(list); // insertion order is the order of last occurrence
        return list;
    }

    synchronized void add(ExtLogRecord record) {
        if (ApiLog.CATEGORY.equals(record.getLoggerName())) {
            // one per request: they would push every other record out of the buffer (the /ops charts count requests
            // from the metrics instead)
            return;
        }
        Instant instant = record.getInstant();
        Throwable error = record.getThrown();
        boolean isError = record.getLevel().intValue() >= Level.SEVERE.intValue()
                || (error != null && record.getLevel().intValue() >= Level.WARNING.intValue());
        String stack = error == null ? null : stackOf(error);
        String fingerprint = isError ? Fingerprints.of(record.getLoggerName(), record.getMessage(), error) : null;
        Map<String, String> fields = new HashMap<>();
        record.getMdcCopy().forEach((k, v) -> {
            if (v != null) {
                fields.put(k, v.toString());
            }
        });
        LogEntry entry = new LogEntry(++seq, instant.toString(), instant.toEpochMilli(), levelName(record.getLevel()),
                record.getLoggerName(), record.getThreadName(), record.getFormattedMessage(), Map.copyOf(fields),
                stack, fingerprint);
        entries.addLast(entry);
        while (entries.size() > capacity) {
            entries.removeFirst();
        }
        if (fingerprint != null) {
            group(entry, error);
        }
    }

    private void group(LogEntry entry, Throwable error) {
        ErrorGroup old = groups.remove(entry.fingerprint());
        ErrorGroup updated = new ErrorGroup(entry.fingerprint(), error == null ? null : error.getClass().getName(),
                entry.logger(), entry.message(), old == null ? 1 : old.count() + 1,
                old == null ? entry.time() : old.firstSeen(), entry.time(), entry.fields().get("request_id"),
                entry.exception());
        groups.put(entry.fingerprint(), updated);
        if (groups.size() > maxGroups) {
            // the least recently seen group goes first (insertion order = order of last occurrence)
            groups.remove(groups.keySet().iterator().next());
        }
    }

    /** JBoss level names mapped onto the usual five. */
    static String levelName(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO";
        }
        if (v >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }

    private static String stackOf(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private final class Handler extends ExtHandler {
        @Override
        protected void doPublish(ExtLogRecord record) {
            add(record);
        }
    }
}
