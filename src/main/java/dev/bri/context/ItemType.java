package dev.bri.context;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The kinds of context BRI's pipelines extract. */
public enum ItemType {
    FRAME, CAPTION, TRANSCRIPT, OBJECT, METADATA;

    public static final Set<ItemType> SEARCHABLE = EnumSet.of(CAPTION, TRANSCRIPT);

    /** Computed once: reads call {@link #wire()} for every item they return. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }

    public static Optional<ItemType> fromWire(String value) {
        for (ItemType type : values()) {
            if (type.wire.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
