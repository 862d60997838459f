package dev.bri.context;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;

import dev.bri.TestData;
import dev.bri.cache.CacheFlush;
import dev.bri.storage.Database;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;

/** Sources are read once and kept until the database is replaced (a restore fires CacheFlush). */
@QuarkusTest
class LineageSourcesTest {

    @Inject
    Database database;
    @Inject
    Event<CacheFlush> flush;

    @Test
    void aReplacedDatabaseIsReadAgain() {
        String id = TestData.createVideo(60);
        String tool = "tool-" + id;
        TestData.ingest(id, "{\"id\":\"c\",\"type\":\"caption\",\"start\":1,\"data\":{\"text\":\"words\"},"
                + "\"source\":{\"tool\":\"" + tool + "\"}}");
        given().get("/api/v1/videos/{id}/context", id).then().body("captions.source.tool", contains(tool));
        // what a restore does to the row behind the id: the file changes underneath, no write goes through the service
        database.write("test", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE lineage_sources SET tool = ? WHERE tool = ?")) {
                s.setString(1, tool + "-restored");
                s.setString(2, tool);
                return s.executeUpdate();
            }
        });
        given().get("/api/v1/videos/{id}/context", id).then().body("captions.source.tool", contains(tool));
        flush.fire(new CacheFlush("test"));
        given().get("/api/v1/videos/{id}/context", id).then()
                .body("captions.source.tool", contains(tool + "-restored"));
    }
}
