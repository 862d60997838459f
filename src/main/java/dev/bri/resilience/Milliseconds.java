package dev.bri.resilience;

import io.quarkus.runtime.configuration.DurationConverter;
import java.time.Duration;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * Reads a setting whose name ends in {@code -ms}: a bare number is milliseconds, as the name says (Quarkus' own
 * converter would read it as seconds), and any duration Quarkus accepts ({@code 250ms}, {@code 15s}, {@code PT15S})
 * is read as such. Operators' existing numeric values keep their meaning.
 */
public class Milliseconds implements Converter<Duration> {

    @Override
    public Duration convert(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return null;
        }
        if (v.chars().allMatch(Character::isDigit)) {
            return Duration.ofMillis(Long.parseLong(v));
        }
        return DurationConverter.parseDuration(v);
    }
}
