package dev.bri.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bri.ServiceProcess;
import dev.bri.TestData;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged service in its production profile writes nothing but JSON records to the console, from the first
 * line to the last, with service, version and the request's MDC; file logging is off by default.
 */
class ConsoleJsonLogIT {

    @Test
    void productionConsoleIsJsonWithRequestContext() throws Exception {
        Path root = Files.createTempDirectory("bri-console");
        Path data = root.resolve("data");
        String requestId = "req-" + UUID.randomUUID();
        String videoId = TestData.newVideoId();
        try (ServiceProcess service = new ServiceProcess(data, Map.of("BRI_ADMIN_TOKEN", "console-it-token",
                "BRI_LOG_FILES_DIR", root.resolve("logs").toString())).start()) {
            RestAssured.given().baseUri(service.url()).contentType(ContentType.JSON)
                    .header("X-Request-ID", requestId).header("X-User-ID", "carol")
                    .body("{\"filename\":\"c.mp4\",\"duration\":7}").put("/api/v1/videos/{id}", videoId)
                    .then().statusCode(201);
            RestAssured.given().baseUri(service.url()).header("Authorization", "Bearer console-it-token")
                    .get("/ops/api/logs?q=" + requestId).then().statusCode(200);
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        Path console;
        try (var files = Files.list(root)) {
            console = files.filter(f -> f.getFileName().toString().startsWith("service-1-")).findFirst().orElseThrow();
        }
        for (String line : Files.readAllLines(console)) {
            if (!line.isBlank()) {
                records.add(json.readTree(line)); // throws on any line that is not JSON
            }
        }
        assertThat(records).isNotEmpty().allSatisfy(r -> {
            assertThat(r.path("service").asText()).isEqualTo("bri-context");
            assertThat(r.path("version").asText()).isNotBlank();
            assertThat(r.has("level") && r.has("loggerName") && r.has("threadName") && r.has("message")).isTrue();
        });
        List<JsonNode> mine = records.stream()
                .filter(r -> requestId.equals(r.path("mdc").path("request_id").asText(null))).toList();
        assertThat(mine).extracting(r -> r.path("loggerName").asText())
                .contains("dev.bri.video.VideoResource", "bri.audit", "bri.api");
        // the API log is on by default: one record for the request, with the route template, not the path
        assertThat(mine).filteredOn(r -> r.path("loggerName").asText().equals("bri.api")).singleElement()
                .satisfies(r -> {
                    assertThat(r.path("mdc").path("api_route").asText()).isEqualTo("/api/v1/videos/{videoId}");
                    assertThat(r.path("mdc").path("api_status").asText()).isEqualTo("201");
                });
        assertThat(mine).allSatisfy(r -> {
            assertThat(r.path("mdc").path("user_id").asText()).isEqualTo("carol");
            assertThat(r.path("mdc").path("video_id").asText()).isEqualTo(videoId);
        });
        // no file output unless bri.log.files.enabled=true
        assertThat(root.resolve("logs")).doesNotExist();
    }
}
