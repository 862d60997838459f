package dev.bri.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The service as the Helm chart's production values run it: API authentication on, keys from a keys file the tests
 * rewrite (reloaded by calling {@link ApiKeys#reload()}, no waiting on the schedule). Every test class with this
 * profile shares one Quarkus instance.
 */
public class AuthOnProfile implements QuarkusTestProfile {

    public static final String READER = ApiKeyFile.KEY_PREFIX + "reader-test-key-0123456789abcdefghijkl";
    public static final String WRITER = ApiKeyFile.KEY_PREFIX + "writer-test-key-0123456789abcdefghijkl";
    public static final String OPERATOR = ApiKeyFile.KEY_PREFIX + "operator-test-key-0123456789abcdefghij";
    public static final String CLIENT = ApiKeyFile.KEY_PREFIX + "client-test-key-0123456789abcdefghijkl";
    public static final Path KEYS_FILE = keysFile();

    public static String standardKeys() {
        return "# test keys\n"
                + ApiKeyFile.line("reader", READER, EnumSet.of(Scope.READ)) + "\n"
                + ApiKeyFile.line("writer", WRITER, EnumSet.of(Scope.WRITE)) + "\n"
                + ApiKeyFile.line("operator", OPERATOR, EnumSet.of(Scope.ADMIN)) + "\n"
                + ApiKeyFile.line("bri-agent", CLIENT, EnumSet.of(Scope.READ, Scope.WRITE)) + "\n";
    }

    private static Path keysFile() {
        try {
            Path dir = Files.createTempDirectory("bri-keys");
            Path file = dir.resolve("keys");
            Files.writeString(file, standardKeys());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("bri.auth.enabled", "true", "bri.auth.keys-file", KEYS_FILE.toString(),
                "bri.auth.reload-interval", "off");
    }

    /** Adds the read+write client key to a request that names no credential of its own. */
    private static final Filter CLIENT_KEY = (request, response, context) -> {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", "Bearer " + CLIENT);
        }
        return context.next(request, response);
    };

    /** Every RestAssured request of an API test carries the client key unless it sends its own Authorization. */
    public static void sendClientKeyByDefault() {
        RestAssured.filters(CLIENT_KEY);
    }

    public static void sendNoKeyByDefault() {
        List<Filter> others = new ArrayList<>(RestAssured.filters());
        others.remove(CLIENT_KEY);
        RestAssured.replaceFiltersWith(others);
    }
}
