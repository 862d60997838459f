package dev.bri.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the JSON log files the test instance writes (%test.bri.log.files.enabled=true, dir target/test-logs). */
public final class LogCapture {

    public static final Path DIR = Path.of("target/test-logs");
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The test harness itself logs a few lines (Hibernate Validator's banner) with Quarkus' default pattern before the
     * application's logging config applies; the packaged service writes JSON from the first record.
     */
    private static final java.util.regex.Pattern BOOTSTRAP = java.util.regex.Pattern
            .compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3} .* \\(main\\) HV\\d+");

    private LogCapture() {
    }

    /** Every line of the file parsed as JSON; a line that is not JSON fails the test. */
    public static List<JsonNode> records(String file) {
        Path path = DIR.resolve(file);
        List<JsonNode> out = new ArrayList<>();
        try {
            if (!Files.exists(path)) {
                return out;
            }
            for (String line : Files.readAllLines(path)) {
                if (line.isBlank() || (file.equals("bri.log") && BOOTSTRAP.matcher(line).lookingAt())) {
                    continue;
                }
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not a JSON log line in " + file + ": " + line, e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static List<JsonNode> withRequestId(String file, String requestId) {
        return records(file).stream().filter(r -> requestId.equals(r.path("mdc").path("request_id").asText(null)))
                .toList();
    }
}
