package dev.bri.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.ServiceProcess;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two packaged service processes on one data directory, as after an eviction when the replacement pod starts while
 * the old one still terminates: the second refuses to start with a clear error and never touches the database; once
 * the first has ended (cleanly or killed), the next one starts on the same files.
 */
class DataDirectoryLockIT {

    @Test
    void aSecondProcessOnTheSameDataDirectoryRefusesToStart() throws Exception {
        Path root = Files.createTempDirectory("bri-lock");
        Path data = root.resolve("data");
        try (ServiceProcess first = new ServiceProcess(data, Map.of()).start()) {
            RestAssured.given().baseUri(first.url()).contentType(ContentType.JSON)
                    .body("{\"filename\":\"lock.mp4\",\"duration\":30}").put("/api/v1/videos/{id}", "vid-lock")
                    .then().statusCode(201);

            ServiceProcess second = new ServiceProcess(data, Map.of());
            ServiceProcess.Exit refused = second.startExpectingExit();
            assertThat(refused.code()).as(refused.log()).isNotZero();
            assertThat(refused.log()).contains("data directory " + data.toAbsolutePath()
                    + " is in use by another bri-context process (pid=" + first.pid() + " ")
                    .contains("refusing to start")
                    // it took the lock before opening anything: not even the WAL archive of the first was read
                    .doesNotContain("archive.opened").doesNotContain("archive.chain")
                    .doesNotContain("storage.migrated");
            assertThat(second.status("/q/health/ready")).as("the second process opened no port").isEqualTo(-1);

            // The first process is untouched and still serves and writes.
            assertThat(first.status("/q/health/ready")).isEqualTo(200);
            RestAssured.given().baseUri(first.url()).contentType(ContentType.JSON)
                    .body("{\"filename\":\"lock2.mp4\",\"duration\":30}").put("/api/v1/videos/{id}", "vid-lock-2")
                    .then().statusCode(201);
        }

        // Stopped cleanly: the next process takes over the same files.
        try (ServiceProcess next = new ServiceProcess(data, Map.of()).start()) {
            RestAssured.given().baseUri(next.url()).get("/api/v1/videos/{id}", "vid-lock-2").then().statusCode(200);
            // Killed: the operating system drops the lock with the process, so no stale lock blocks a restart.
            next.kill();
        }
        try (ServiceProcess afterCrash = new ServiceProcess(data, Map.of()).start()) {
            RestAssured.given().baseUri(afterCrash.url()).get("/api/v1/videos/{id}", "vid-lock").then()
                    .statusCode(200);
        }
    }
}
