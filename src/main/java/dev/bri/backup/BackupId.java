package dev.bri.backup;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Backup ids: {@code backup-20261129T020000123Z-9f3a1c}, kind, UTC time to the millisecond, 24 random bits. Sortable
 * by time within a kind, unique, and the only thing ever turned into a file name: anything not matching
 * {@link #REGEX} is rejected, so no id can name a path outside the backup directory.
 */
public record BackupId(String value) implements Comparable<BackupId> {

    public static final String REGEX = "(backup|safety)-[0-9]{8}T[0-9]{9}Z-[0-9a-f]{6}";
    public static final String MESSAGE = "must look like backup-20261129T020000123Z-9f3a1c";
    private static final Pattern PATTERN = Pattern.compile(REGEX);
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    public BackupId {
        if (value == null || !PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid backup id: " + BackupId.MESSAGE);
        }
    }

    public static boolean isValid(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }

    /**
     * A new id. The random part comes from a {@link SecureRandom} made for this call, not kept in a static field:
     * Quarkus initialises application classes while building the native image, so a static generator would be frozen
     * into the binary with its seed (the builder refuses it). Ids are made a few times a day; the cost does not matter.
     */
    public static BackupId next(BackupKind kind, Instant now) {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        return new BackupId(kind.label() + "-" + FORMAT.format(now) + "-" + HexFormat.of().formatHex(random));
    }

    public BackupKind kind() {
        return value.startsWith("safety-") ? BackupKind.SAFETY : BackupKind.BACKUP;
    }

    public Instant created() {
        String stamp = value.substring(value.indexOf('-') + 1, value.lastIndexOf('-'));
        return Instant.from(FORMAT.parse(stamp));
    }

    @Override
    public int compareTo(BackupId other) {
        int byTime = created().compareTo(other.created());
        return byTime != 0 ? byTime : value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
