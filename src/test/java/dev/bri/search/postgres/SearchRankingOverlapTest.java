package dev.bri.search.postgres;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bri.TestData;
import dev.bri.search.SearchHit;
import dev.bri.search.SearchQuery;
import dev.bri.testing.PostgresServer;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The two engines rank differently (SQLite: BM25 over the video's matches; PostgreSQL: ts_rank_cd normalised by
 * document length), but on a fixed corpus their top-10 hits overlap by at least 80%. The SQLite side is the running
 * service (default engine) asked over HTTP; the PostgreSQL side is {@link PostgresSearchIndex} on a real server with
 * the same rows.
 */
@QuarkusTest
class SearchRankingOverlapTest {

    private static final String[] WORDS = {"dog", "dogs", "cat", "running", "runs", "beach", "ball", "red", "blue",
            "car", "street", "person", "walking", "park", "tree", "green", "house", "window", "light", "water", "boat",
            "river", "bridge", "city", "night", "day", "sun", "rain", "child", "playing", "jumps", "grass", "bird",
            "flying", "sky", "road", "bicycle", "rider", "market", "people", "talking", "music", "guitar", "singer"};

    @Test
    void topTenHitsOfBothEnginesOverlapByAtLeast80Percent() throws Exception {
        Random random = new Random(21);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int length = 4 + random.nextInt(20);
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < length; w++) {
                // a skewed vocabulary: some words common, most rare, as in captions
                int index = (int) Math.min(WORDS.length - 1, Math.abs(random.nextGaussian()) * WORDS.length / 3);
                text.append(w == 0 ? "" : " ").append(WORDS[index]);
            }
            texts.add(text.toString());
        }
        String video = TestData.createVideo(3600);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            items.add(TestData.caption("c" + i, i, texts.get(i)));
        }
        TestData.ingest(video, items.toArray(String[]::new));

        List<String> queries = new ArrayList<>();
        for (int q = 0; q < 30; q++) {
            queries.add(q % 3 == 0
                    ? WORDS[random.nextInt(8)] + " " + WORDS[random.nextInt(8)]
                    : WORDS[random.nextInt(12)]);
        }

        try (PostgresServer server = PostgresServer.create()) {
            String database = server.createDatabase("overlap");
            Flyway.configure().dataSource(server.jdbcUrl(database), PostgresServer.USER, PostgresServer.PASSWORD)
                    .locations("classpath:db/postgresql").load().migrate();
            try (Connection c = server.connect(database)) {
                load(c, texts);
                PostgresSearchIndex index = new PostgresSearchIndex();
                int shared = 0;
                int compared = 0;
                for (String q : queries) {
                    List<String> sqlite = given().queryParam("q", q).queryParam("limit", 10)
                            .get("/api/v1/videos/{id}/search", video).then().statusCode(200).extract().jsonPath()
                            .getList("hits.id", String.class);
                    List<String> postgres = index.search(c, 1, SearchQuery.parse(q), List.of("caption", "transcript"),
                            10).stream().map(SearchHit::id).toList();
                    assertThat(postgres).as("hits for %s", q).hasSameSizeAs(sqlite);
                    Set<String> both = new HashSet<>(sqlite);
                    both.retainAll(postgres);
                    shared += both.size();
                    compared += sqlite.size();
                }
                assertThat(compared).as("hits compared").isGreaterThan(200);
                double overlap = (double) shared / compared;
                System.out.printf("search.overlap top10 shared=%d compared=%d overlap=%.3f%n", shared, compared,
                        overlap);
                assertThat(overlap).isGreaterThanOrEqualTo(0.8);
            }
        }
    }

    private static void load(Connection c, List<String> texts) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO videos (seq, id, filename, duration_seconds, created_at, updated_at) "
                    + "VALUES (1, 'v', 'v.mp4', 3600, 'x', 'x')");
            s.execute("INSERT INTO lineage_sources (id, tool, created_at) VALUES (1, 'test', 'x')");
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO context_items (seq, video_seq, item_id, type, "
                + "start_seconds, data, search_text, source_id, created_at, updated_at) "
                + "VALUES (?, 1, ?, 'caption', ?, '{}', ?, 1, 'x', 'x')")) {
            for (int i = 0; i < texts.size(); i++) {
                s.setLong(1, i + 1);
                s.setString(2, "c" + i);
                s.setDouble(3, i);
                s.setString(4, texts.get(i));
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
