package dev.bri.context;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** 16 clients writing and reading at once: no errors (no SQLITE_BUSY), and every acknowledged item is there. */
@QuarkusTest
class ConcurrentAccessTest {

    private static final int CLIENTS = 16;
    private static final int BATCHES = 10;
    private static final int ITEMS = 20;

    @Test
    void concurrentWritersAndReadersLoseNothing() throws Exception {
        String video = TestData.createVideo(3600);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int c = client;
                running.add(pool.submit(() -> {
                    for (int b = 0; b < BATCHES; b++) {
                        if (c % 2 == 0) {
                            List<String> items = new ArrayList<>();
                            for (int i = 0; i < ITEMS; i++) {
                                items.add(TestData.caption("c" + c + "-" + b + "-" + i, c * 10 + b + i * 0.1,
                                        "client " + c + " says hello"));
                            }
                            var response = given().contentType(ContentType.JSON)
                                    .body(TestData.batch(items.toArray(String[]::new)))
                                    .post("/api/v1/videos/{id}/context", video);
                            if (response.statusCode() == 200) {
                                acknowledged.addAll(response.jsonPath().getList("ids", String.class));
                            } else {
                                synchronized (failures) {
                                    failures.add("write " + response.statusCode() + " " + response.asString());
                                }
                            }
                        } else {
                            int status = given().queryParam("q", "hello").get("/api/v1/videos/{id}/search", video)
                                    .statusCode();
                            int status2 = given().get("/api/v1/videos/{id}/context", video).statusCode();
                            if (status != 200 || status2 != 200) {
                                synchronized (failures) {
                                    failures.add("read " + status + "/" + status2);
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(failures).isEmpty();
        List<String> stored = given().queryParam("types", "caption").get("/api/v1/videos/{id}/context", video)
                .then().statusCode(200).extract().jsonPath().getList("captions.id", String.class);
        assertThat(acknowledged).hasSize(CLIENTS / 2 * BATCHES * ITEMS);
        assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
    }
}
