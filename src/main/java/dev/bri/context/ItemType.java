package dev.bri.context;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The kinds of context BRI's pipelines extract. */
public enum ItemType {
    FRAME, CAPTION, TRANSCRIPT, OBJECT, METADATA;

    public static final Set<ItemType> SEARCHABLE = EnumSet.of(CAPTION, TRANSCRIPT);

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ItemType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire().equals(value)).findFirst();
    }
}
