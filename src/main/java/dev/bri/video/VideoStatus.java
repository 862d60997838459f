package dev.bri.video;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** BRI's processing states, stored and sent in lower case. */
public enum VideoStatus {
    PENDING, PROCESSING, EXTRACTING, CAPTIONING, TRANSCRIBING, COMPLETE, ERROR;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<VideoStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }
}
