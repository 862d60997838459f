package dev.bri.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The keys file: one key a line, {@code <id> sha256:<64 hex digits> <scope>[,<scope>...]}, {@code #} comments and
 * blank lines ignored. The same id may appear twice (old and new key during a rotation, one subject in the audit);
 * the same hash may not. Shared by the service and the CLI ({@code bri-context keys new}), no CDI.
 */
public final class ApiKeyFile {

    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");
    /** Prefix of every key this service makes: lets secret scanners recognise a leaked key. */
    public static final String KEY_PREFIX = "bri_";

    /** A line the service cannot use, with its number (the line itself may hold a hash, never a key, so it is safe). */
    public static final class InvalidKeyFile extends Exception {
        InvalidKeyFile(String message) {
            super(message);
        }
    }

    private ApiKeyFile() {
    }

    public static List<ApiKey> read(Path file) throws IOException, InvalidKeyFile {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public static List<ApiKey> parse(String text, String source) throws InvalidKeyFile {
        List<ApiKey> keys = new ArrayList<>();
        Set<String> hashes = new HashSet<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1) + ": ";
            String[] fields = line.split("\\s+");
            if (fields.length != 3) {
                throw new InvalidKeyFile(where + "expected '<id> sha256:<hex> <scopes>', found " + fields.length
                        + " field(s)");
            }
            if (!ID.matcher(fields[0]).matches()) {
                throw new InvalidKeyFile(where + "key id must match " + ID.pattern());
            }
            if (!HASH.matcher(fields[1]).matches()) {
                throw new InvalidKeyFile(where + "hash must be sha256: and 64 lower-case hex digits"
                        + (fields[1].startsWith(KEY_PREFIX)
                                ? " (this looks like a key: store its hash, never the key)"
                                : ""));
            }
            if (!hashes.add(fields[1])) {
                throw new InvalidKeyFile(where + "the same key hash appears twice");
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (String name : fields[2].split(",")) {
                scopes.add(Scope.fromWire(name).orElseThrow(
                        () -> new InvalidKeyFile(where + "unknown scope '" + name + "' (read, write, admin)")));
            }
            keys.add(new ApiKey(fields[0], HexFormat.of().parseHex(fields[1].substring(7)), Set.copyOf(scopes)));
        }
        return List.copyOf(keys);
    }

    /** A new key: the prefix and 256 random bits, base64url. The random source is made per call (native image). */
    public static String newKey() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The line of the keys file for {@code key}. */
    public static String line(String id, String key, Set<Scope> scopes) {
        List<String> names = new ArrayList<>();
        for (Scope s : EnumSet.copyOf(scopes)) {
            names.add(s.wire());
        }
        return id + " sha256:" + HexFormat.of().formatHex(sha256(key)) + " " + String.join(",", names);
    }

    public static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
