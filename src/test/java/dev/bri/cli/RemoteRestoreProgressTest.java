package dev.bri.cli;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bri.TestData;
import dev.bri.storage.Database;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup restore --url} against a running service whose restore must first wait for a write that was already
 * running: the CLI says so while it waits (the maintenance hold drains running writes before the safety backup), and
 * then reports the restore.
 */
@QuarkusTest
class RemoteRestoreProgressTest {

    @Inject
    Database database;

    @TestHTTPResource("/")
    URL service;

    @TempDir
    Path tmp;

    @Test
    void aRestoreThatWaitsForRunningWritesSaysSoAndThenRestores() throws Exception {
        String video = TestData.createVideo(60);
        String backup = given().auth().oauth2(TestData.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body("{\"verify\":true}").post("/admin/backups").then().statusCode(201).extract().path("backup.id");
        Path token = Files.writeString(tmp.resolve("token"), TestData.ADMIN_TOKEN);

        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService side = Executors.newFixedThreadPool(2);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream out = System.out;
        try {
            // a write past the maintenance gate when the restore closes it, still running: the restore waits for it
            Future<Object> write = side.submit(() -> database.write("test_stalled_write", c -> {
                stalled.countDown();
                await().atMost(Duration.ofMinutes(5)).until(() -> release.getCount() == 0);
                return null;
            }));
            assertThat(stalled.await(5, TimeUnit.MINUTES)).isTrue();
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            Future<Integer> cli = side.submit(() -> BriCli.run("backup", "restore", backup, "--yes", "--url",
                    service.toString(), "--token-file", token.toString(), "--output=json"));
            await().atMost(Duration.ofMinutes(5)).until(() -> messages(stdout).stream()
                    .anyMatch(m -> m.startsWith("waiting for 1 write(s) already running to finish")));
            assertThat(cli.isDone()).as("the restore waits while the write runs").isFalse();
            release.countDown();
            write.get(5, TimeUnit.MINUTES);
            assertThat(cli.get(5, TimeUnit.MINUTES)).as(stdout.toString(StandardCharsets.UTF_8)).isEqualTo(Exit.OK);
        } finally {
            release.countDown();
            System.setOut(out);
            side.shutdown();
        }
        assertThat(messages(stdout)).anyMatch(m -> m.startsWith("restored " + backup));
        given().get("/api/v1/videos/{id}", video).then().statusCode(200);
    }

    /** The {@code message} of each JSON progress event printed so far. */
    private static List<String> messages(ByteArrayOutputStream stdout) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> messages = new ArrayList<>();
        for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{")) {
                JsonNode event = json.readTree(line);
                if (event.has("event") && event.hasNonNull("message")) {
                    messages.add(event.get("message").asText());
                }
            }
        }
        return messages;
    }
}
