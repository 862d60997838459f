package dev.bri.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.ServiceProcess;
import dev.bri.TestData;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;

/**
 * The service process is SIGKILLed in the middle of concurrent ingest. After a restart every item whose ingest was
 * acknowledged (200) is present and the database passes integrity_check.
 */
class CrashRecoveryIT {

    private static final int WRITERS = 8;
    private static final int KILL_AFTER_ITEMS = 3000;

    @Test
    void killNineDuringIngestLosesNothingAcknowledged() throws Exception {
        Path root = Files.createTempDirectory("bri-crash");
        Path data = root.resolve("data");
        String video = TestData.newVideoId();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (ServiceProcess service = new ServiceProcess(data, Map.of()).start()) {
            RestAssured.given().baseUri(service.url()).contentType(ContentType.JSON)
                    .body("{\"filename\":\"crash.mp4\",\"duration\":3600}").put("/api/v1/videos/{id}", video)
                    .then().statusCode(201);

            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.submit(() -> {
                    for (int batch = 0; !stop.get(); batch++) {
                        List<String> items = new ArrayList<>();
                        for (int i = 0; i < 25; i++) {
                            items.add(TestData.caption("w" + writer + "-b" + batch + "-i" + i, batch + i * 0.01,
                                    "writer " + writer + " batch " + batch));
                        }
                        try {
                            Response response = RestAssured.given().baseUri(service.url())
                                    .contentType(ContentType.JSON).body(TestData.batch(items.toArray(String[]::new)))
                                    .post("/api/v1/videos/{id}/context", video);
                            if (response.statusCode() == 200) {
                                acknowledged.addAll(response.jsonPath().getList("ids", String.class));
                            }
                        } catch (RuntimeException connectionLost) {
                            // the process died under this request: it was never acknowledged
                        }
                    }
                });
            }
            while (acknowledged.size() < KILL_AFTER_ITEMS) {
                Thread.sleep(20);
            }
            service.kill();
            stop.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            service.start();
            List<String> stored = RestAssured.given().baseUri(service.url()).queryParam("types", "caption")
                    .get("/api/v1/videos/{id}/context", video).then().statusCode(200)
                    .extract().jsonPath().getList("captions.id", String.class);
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ITEMS);
            assertThat(stored).containsAll(acknowledged);
        }
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + data.resolve("bri.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
    }
}
