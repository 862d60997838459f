package dev.bri.ops;

import dev.bri.domain.InvalidInputException;
import dev.bri.observability.LogEntry;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The dashboard's log filter: minimum level, component (logger name or prefix), time range, free text (case
 * insensitive, over message, logger, exception and fields) and records after a sequence number (live tail).
 */
record LogFilter(int minLevel, String component, Long sinceMillis, Long untilMillis, String text, long afterSeq)
        implements
            Predicate<LogEntry> {

    static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    /** Longest free text or component name a filter takes (checked on OpsResource's parameters). */
    static final int MAX_TEXT_CHARS = 500;
    private static final int MAX_TIME_CHARS = 64;

    static LogFilter parse(String level, String component, String since, String until, String q, Long after) {
        int min = 0;
        if (level != null && !level.isBlank()) {
            min = LEVELS.indexOf(level.trim().toUpperCase(Locale.ROOT));
            if (min < 0) {
                throw new InvalidInputException("level", "one of " + String.join(", ", LEVELS));
            }
        }
        return new LogFilter(min, blankToNull(component), time("since", since), time("until", until),
                blankToNull(q) == null ? null : q.trim().toLowerCase(Locale.ROOT), after == null ? 0 : after);
    }

    @Override
    public boolean test(LogEntry e) {
        if (e.seq() <= afterSeq || LEVELS.indexOf(e.level()) < minLevel) {
            return false;
        }
        if (component != null && !(e.logger().equals(component) || e.logger().startsWith(component + "."))) {
            return false;
        }
        if ((sinceMillis != null && e.epochMillis() < sinceMillis)
                || (untilMillis != null && e.epochMillis() > untilMillis)) {
            return false;
        }
        return text == null || contains(e.message()) || contains(e.logger()) || contains(e.exception())
                || e.fields().values().stream().anyMatch(this::contains);
    }

    private boolean contains(String value) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(text);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * ISO-8601 instant (2026-11-29T10:00:00Z) or epoch milliseconds. Instant parses years up to +/-1,000,000,000,
     * which epoch milliseconds cannot hold: such times are the client's error too, named by their parameter.
     */
    private static Long time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TIME_CHARS) {
            throw new InvalidInputException(name, "at most " + MAX_TIME_CHARS + " characters");
        }
        try {
            return value.chars().allMatch(Character::isDigit)
                    ? Long.parseLong(value)
                    : Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw new InvalidInputException(name,
                    "an ISO-8601 instant such as 2026-11-29T10:00:00Z or epoch milliseconds,"
                            + " between " + Instant.ofEpochMilli(Long.MIN_VALUE) + " and "
                            + Instant.ofEpochMilli(Long.MAX_VALUE));
        }
    }
}
