package dev.bri.backup;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a backup file is stored: gzip-compressed or as the plain database file. Written as {@code gzip} / {@code none}. */
public enum Compression {
    GZIP, NONE;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Compression of(String label) {
        for (Compression compression : values()) {
            if (compression.label().equals(label)) {
                return compression;
            }
        }
        throw new IllegalArgumentException("unknown compression '" + label + "'");
    }

    @Override
    public String toString() {
        return label();
    }
}
