package dev.bri.context;

import dev.bri.domain.InvalidInputException;
import java.util.EnumSet;
import java.util.Set;

/** Parsing of the query parameters the context endpoints share, with problem details on bad input. */
final class QueryParams {

    private QueryParams() {
    }

    static Set<ItemType> types(String csv, Set<ItemType> allowed) {
        if (csv == null || csv.isBlank()) {
            return EnumSet.copyOf(allowed);
        }
        Set<ItemType> types = EnumSet.noneOf(ItemType.class);
        for (String name : csv.split(",")) {
            ItemType type = ItemType.fromWire(name.trim()).filter(allowed::contains).orElseThrow(
                    () -> new InvalidInputException("types",
                            "unknown or unsupported type '" + name.trim() + "'; allowed: "
                                    + allowed.stream().map(ItemType::wire).toList()));
            types.add(type);
        }
        return types;
    }

    /** A time in seconds from a query parameter; JAX-RS would turn a bad number into 404, so parse it here. */
    static Double seconds(String name, String value, Double fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(value.trim());
            if (Double.isFinite(v) && v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(name, "must be a finite number of seconds >= 0");
    }
}
