package dev.bri.search.sqlite;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.TestData;
import dev.bri.context.ContextService;
import dev.bri.context.ItemType;
import dev.bri.context.SearchResult;
import dev.bri.resilience.MaintenanceMode;
import dev.bri.search.SearchQuery;
import dev.bri.storage.Database;
import dev.bri.storage.DatabaseProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The idle merge of the full-text index: down to one segment, same answers, and never while writes are coming. */
@QuarkusTest
class SearchIndexMergerTest {

    @Inject
    SearchIndexMerger merger;
    @Inject
    Database database;
    @Inject
    ContextService context;
    @Inject
    MaintenanceMode maintenance;
    @Inject
    DatabaseProbe probe;

    @Test
    void mergesTheIndexIntoOneSegmentAndSearchAnswersTheSame() {
        String id = TestData.createVideo(600);
        int batches = 0;
        while (batches < 3 || (segments() < 2 && batches < 10)) {
            // each ingest commit adds a segment
            TestData.ingest(id, TestData.caption("c" + batches, batches, "a brown dog runs " + batches),
                    TestData.transcript("t" + batches, batches, batches + 1, "the dogs bark at cats " + batches));
            batches++;
        }
        int segments = segments();
        assertThat(segments).isGreaterThan(1);
        SearchResult before = search(id, "dog");

        // maintenance holds writes: the merge would take a place in their queue, so it waits
        maintenance.enable("test");
        try {
            assertThat(merger.mergeWhenIdle()).isZero();
            assertThat(maintenance.state().queueDepth()).isZero();
            assertThat(segments()).isEqualTo(segments);
        } finally {
            maintenance.disable();
        }
        assertThat(merger.mergeWhenIdle()).isPositive();

        assertThat(segments()).isEqualTo(1);
        assertThat(search(id, "dog")).isEqualTo(before);
        assertThat(before.hits()).hasSize(2 * batches);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("bri_search_index_segments 1.0"));
        // one segment: nothing to do, and no write to do it
        long writes = database.writes();
        assertThat(merger.mergeWhenIdle()).isZero();
        assertThat(database.writes()).isEqualTo(writes);
    }

    @Test
    void waitsForWritesToStop() {
        String id = TestData.createVideo(60);
        TestData.ingest(id, TestData.caption("c", 1, "a write just now"));
        SearchIndexMerger patient = new SearchIndexMerger(database, new SearchIndexConfig() {
            @Override
            public String mergeInterval() {
                return "60s";
            }

            @Override
            public Duration mergeIdle() {
                return Duration.ofHours(1);
            }

            @Override
            public int mergePages() {
                return 1000;
            }

            @Override
            public String backfillInterval() {
                return "off";
            }
        }, new SimpleMeterRegistry());
        long writes = database.writes();
        assertThat(patient.mergeWhenIdle()).isZero();
        assertThat(database.writes()).isEqualTo(writes);
    }

    @Test
    void theHealthProbesWriteIsNotActivityThatKeepsTheMergeWaiting() {
        TestData.ingest(TestData.createVideo(60), TestData.caption("c", 1, "a write before the probe"));
        long writes = database.writes();
        Duration quiet = database.sinceLastWrite();
        probe.write();
        assertThat(database.writes()).isEqualTo(writes);
        assertThat(database.sinceLastWrite()).isGreaterThanOrEqualTo(quiet);
    }

    private int segments() {
        return database.read("test_segments", SearchIndexMerger::segments);
    }

    /** From the database, not through the response cache. */
    private SearchResult search(String id, String q) {
        return context.search(id, SearchQuery.parse(q), ItemType.SEARCHABLE, 10);
    }
}
