package dev.bri.archive;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Chain ids, {@code chain-20261203T083000123Z-9f3a1c}: sortable by start time, and the only thing (besides sequence
 * numbers) turned into a path under the archive directory; anything not matching is rejected.
 */
public record ChainId(String value) implements Comparable<ChainId> {

    private static final Pattern PATTERN = Pattern.compile("chain-[0-9]{8}T[0-9]{9}Z-[0-9a-f]{6}");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    public ChainId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("invalid chain id: must look like chain-20261203T083000123Z-9f3a1c");
        }
    }

    public static boolean isValid(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }

    public static ChainId next(Instant now) {
        return new ChainId("chain-" + FORMAT.format(now) + "-"
                + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24)));
    }

    /** When the chain's start began (from the id). */
    public Instant started() {
        return FORMAT.parse(value.substring(6, 25), Instant::from);
    }

    @Override
    public int compareTo(ChainId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
