package dev.bri.observability;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Logs one record with extra named fields. The JSON formatter prints MDC entries as fields of the record, so the
 * fields are put into the MDC for the duration of the call and the previous values restored afterwards.
 */
public final class StructuredLog {

    private StructuredLog() {
    }

    public static void log(Logger logger, Logger.Level level, Map<String, ?> fields, String message) {
        if (!logger.isEnabled(level)) {
            return;
        }
        Map<String, Object> previous = new HashMap<>();
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            previous.put(field.getKey(), MDC.get(field.getKey()));
            if (field.getValue() == null) {
                MDC.remove(field.getKey());
            } else {
                MDC.put(field.getKey(), String.valueOf(field.getValue()));
            }
        }
        try {
            logger.log(level, message);
        } finally {
            for (Map.Entry<String, Object> old : previous.entrySet()) {
                if (old.getValue() == null) {
                    MDC.remove(old.getKey());
                } else {
                    MDC.put(old.getKey(), old.getValue());
                }
            }
        }
    }

    /** Field map that keeps insertion order and allows null values (dropped from the record). */
    public static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            fields.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return fields;
    }

    public static void info(Logger logger, Map<String, ?> fields, String message) {
        log(logger, Logger.Level.INFO, fields, message);
    }
}
