package dev.bri.ratelimit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One class's limit: {@code perMinute} requests a minute on average, at most {@code burst} at once. Written
 * {@code <per-minute>/<burst>} in the configuration (BRI's operations documents give limits in that form).
 */
public record Limit(long perMinute, long burst) {

    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");

    public Limit {
        if (perMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs at least 1 request a minute and a burst of 1");
        }
    }

    public static Limit parse(String key, String value) {
        Matcher m = FORM.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    key + "='" + value + "': expected <requests-per-minute>/<burst>, e.g. 300/50");
        }
        return new Limit(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }
}
