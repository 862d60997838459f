package dev.bri.search.sqlite;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;

import dev.bri.TestData;
import dev.bri.context.ItemType;
import dev.bri.search.SearchHit;
import dev.bri.search.SearchQuery;
import dev.bri.storage.Database;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The term statistics search reads for ASCII queries give the same hits, scores, order and snippets as the FTS5 index,
 * stay right when items are replaced, and hand over to FTS5 where they do not cover a video.
 */
@QuarkusTest
class SearchTermsTest {

    /** Stems that collide (dog/dogs, run/runs/running), mixed case, digits, punctuation, a token past 64 letters. */
    private static final String[] WORDS = {"dog", "Dogs", "DOG", "running", "runs", "run", "walked", "walking", "the",
            "a", "park", "parks", "happy", "happiness", "2024", "x1", "caf", "r2d2", "at", "by", "connection",
            "connections", "connected", "generalization", "e-mail", "it's", "(quiet)", "y" + "z".repeat(70)};
    private static final String[] QUERIES = {"dog", "dogs", "running", "run", "park dog", "walking the",
            "happy park dog", "2024", "x1", "connected", "generalize", "mail", "e-mail", "s", "nothing", "DOG RUNS",
            "y" + "z".repeat(70)};

    @Inject
    Database database;
    @Inject
    Fts5SearchIndex index;
    @Inject
    SearchTermsBackfill backfill;

    @Test
    void answersExactlyAsTheFullTextIndex() {
        String id = TestData.createVideo(3600);
        Random random = new Random(7);
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // ties in score and start: several items share a start and a text
            double start = (i % 100) * 2.5;
            String text = i % 50 == 0 ? "dog park" : sentence(random);
            batch.add(i % 2 == 0
                    ? TestData.caption("c" + i, start, text)
                    : TestData.transcript("t" + i, start, start + 2, text));
        }
        TestData.ingest(id, batch.toArray(String[]::new));
        // replaced items, one replaced twice, and an item whose text goes away
        TestData.ingest(id, TestData.caption("c2", 5, "first version, replaced by the next batch"));
        TestData.ingest(id, TestData.caption("c0", 0, "walking dogs in the park"),
                TestData.caption("c2", 5, "happy dog running"), TestData.frame("c4", 10),
                TestData.caption("new", 7, "the dog walked by the park"));

        long seq = videoSeq(id);
        assertThat(complete(seq)).isTrue();
        int compared = 0;
        for (String q : QUERIES) {
            Fts5Query query = Fts5Query.of(SearchQuery.parse(q));
            for (Set<ItemType> itemTypes : List.of(ItemType.SEARCHABLE, EnumSet.of(ItemType.TRANSCRIPT))) {
                List<String> types = wire(itemTypes);
                for (int limit : new int[]{1, 10, 100}) {
                    List<SearchHit> fromTerms = database.read("test",
                            c -> index.searchTerms(c, seq, query, types, limit));
                    List<SearchHit> fromIndex = database.read("test",
                            c -> index.searchIndex(c, seq, query, types, limit));
                    assertThat(fromTerms).as("q=%s types=%s limit=%d", q, types, limit).isEqualTo(fromIndex);
                    compared += fromIndex.size();
                }
            }
        }
        assertThat(compared).as("hits compared").isGreaterThan(500);
        // what replaced items said before is gone, what they say now is found
        given().queryParam("q", "first version").get("/api/v1/videos/{id}/search", id).then().body("hits", empty());
        given().queryParam("q", "happy running").queryParam("limit", 100).get("/api/v1/videos/{id}/search", id)
                .then().statusCode(200).body("hits.id", org.hamcrest.Matchers.hasItem("c2"));
        long frameRows = database.read("test", c -> count(c, "SELECT count(*) FROM search_terms st "
                + "JOIN context_items ci ON ci.seq = st.item_seq WHERE ci.video_seq = ? AND ci.item_id = 'c4'", seq));
        assertThat(frameRows).as("terms of a caption replaced by a frame").isZero();
    }

    @Test
    void aVideoWithTextBeyondAsciiIsSearchedThroughTheFullTextIndex() {
        String id = TestData.createVideo(60);
        TestData.ingest(id, TestData.caption("c1", 1, "a dog in the park"), TestData.caption("c2", 2, "Café dog"));
        long seq = videoSeq(id);
        assertThat(complete(seq)).isFalse();
        // FTS5 folds the accent: an ASCII query finds the non-ASCII text
        given().queryParam("q", "cafe").get("/api/v1/videos/{id}/search", id).then().statusCode(200)
                .body("hits.id", contains("c2")).body("hits[0].snippet", containsString("<mark>Café</mark>"));
        given().queryParam("q", "dog").get("/api/v1/videos/{id}/search", id).then().statusCode(200)
                .body("hits.id", org.hamcrest.Matchers.containsInAnyOrder("c1", "c2"));
    }

    @Test
    void backfillCountsVideosStoredBeforeTheTableAndSearchAnswersTheSameMeanwhile() {
        String id = TestData.createVideo(60);
        TestData.ingest(id, TestData.caption("c1", 1, "a dog in the park"),
                TestData.transcript("t1", 1, 3, "dogs bark at the park"), TestData.caption("c2", 4, "no match"));
        long seq = videoSeq(id);
        SearchQuery query = SearchQuery.parse("park dog");
        List<SearchHit> before = database.read("test",
                c -> index.search(c, seq, query, wire(ItemType.SEARCHABLE), 10));
        long rows = termRows(seq);
        assertThat(before).hasSize(2);
        assertThat(rows).isPositive();
        // as the V3 migration leaves a video stored before it
        database.write("test", c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM search_terms WHERE video_seq = ?")) {
                s.setLong(1, seq);
                s.executeUpdate();
            }
            SearchTerms.markIncomplete(c, seq, "backfill");
            return null;
        });
        assertThat(complete(seq)).isFalse();
        List<SearchHit> meanwhile = database.read("test",
                c -> index.search(c, seq, query, wire(ItemType.SEARCHABLE), 10));
        assertThat(meanwhile).isEqualTo(before);

        assertThat(backfill.backfill()).isGreaterThanOrEqualTo(1);

        assertThat(complete(seq)).isTrue();
        assertThat(termRows(seq))
                .isEqualTo(rows);
        List<SearchHit> after = database.read("test",
                c -> index.searchTerms(c, seq, Fts5Query.of(query), wire(ItemType.SEARCHABLE), 10));
        assertThat(after).isEqualTo(before);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("bri_search_terms_backfill_pending_videos 0.0"));
    }

    @Test
    void countsTermsAsFts5IndexesAsciiText() {
        SearchTerms.Counted counted = SearchTerms.Counted.of("Dogs run; the DOG runs... e-mail x1 2024");
        assertThat(counted.tokens()).isEqualTo(9);
        assertThat(counted.occurrences()).containsEntry("dog", 2).containsEntry("run", 2).containsEntry("the", 1)
                .containsEntry("e", 1).containsEntry("mail", 1).containsEntry("x1", 1).containsEntry("2024", 1)
                .hasSize(7);
        assertThat(SearchTerms.Counted.of(" ,; ").tokens()).isZero();
    }

    private static List<String> wire(Set<ItemType> types) {
        return types.stream().map(ItemType::wire).toList();
    }

    private static String sentence(Random random) {
        int n = 1 + random.nextInt(14);
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < n; k++) {
            text.append(k == 0 ? "" : random.nextInt(5) == 0 ? ", " : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }

    private boolean complete(long seq) {
        return database.read("test", c -> SearchTerms.complete(c, seq));
    }

    private long termRows(long seq) {
        return database.read("test", c -> count(c, "SELECT count(*) FROM search_terms WHERE video_seq = ?", seq));
    }

    private long videoSeq(String id) {
        return database.read("test", c -> dev.bri.video.VideoRepository.requireSeq(c, id));
    }

    private static long count(java.sql.Connection c, String sql, long arg) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
