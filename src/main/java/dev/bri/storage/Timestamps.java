package dev.bri.storage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The one timestamp format stored everywhere: UTC, ISO-8601, milliseconds, so text order is time order. */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    public static String now() {
        return format(Instant.now());
    }

    public static Instant parse(String stored) {
        return stored == null ? null : Instant.parse(stored);
    }
}
