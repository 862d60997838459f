package dev.bri.observability;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stable error fingerprints: the same fault gives the same id across occurrences and restarts. Exceptions are keyed
 * by their class chain and top frames (class and method, no line numbers and no messages, which carry ids and
 * values); records without an exception by logger and message template with digits masked.
 */
public final class Fingerprints {

    static final int TOP_FRAMES = 3;

    private Fingerprints() {
    }

    public static String of(String logger, String template, Throwable error) {
        StringBuilder key = new StringBuilder();
        if (error != null) {
            for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
                key.append(t.getClass().getName()).append('|');
                StackTraceElement[] frames = t.getStackTrace();
                for (int i = 0; i < Math.min(TOP_FRAMES, frames.length); i++) {
                    key.append(frames[i].getClassName()).append('.').append(frames[i].getMethodName()).append('|');
                }
            }
        } else {
            key.append(logger).append('|').append(template == null ? "" : template.replaceAll("[0-9]+", "#"));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
