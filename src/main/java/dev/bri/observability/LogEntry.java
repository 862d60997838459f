package dev.bri.observability;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * One log record as kept in memory for the ops dashboard; serialised as one NDJSON line on download.
 *
 * @param fields    the record's MDC (request_id, user_id, video_id, audit_*, perf_*, ...)
 * @param exception the full stack trace, or null
 * @param fingerprint error group of ERROR records and of WARN records with an exception, else null
 */
@RegisterForReflection
public record LogEntry(long seq, String time, long epochMillis, String level, String logger, String thread,
        String message, Map<String, String> fields, String exception, String fingerprint) {
}
