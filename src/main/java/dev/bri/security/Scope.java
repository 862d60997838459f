package dev.bri.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What a credential may do: read data, write (and erase) data, operate the service under /admin and /ops. */
public enum Scope {
    READ, WRITE, ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> fromWire(String value) {
        for (Scope s : values()) {
            if (s.wire().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public static Set<Scope> all() {
        return EnumSet.allOf(Scope.class);
    }
}
