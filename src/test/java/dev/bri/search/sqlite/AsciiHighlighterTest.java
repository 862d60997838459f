package dev.bri.search.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bri.search.SearchQuery;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Java's marks against FTS5's highlight() on the same texts and queries, in the bundled SQLite. */
class AsciiHighlighterTest {

    private static final String[] SEPARATORS = {" ", " ", " ", ", ", ". ", "-", "'", "\t", "\n", " (", ") ", "_", "/"};

    @Test
    void marksWhatFts5HighlightMarks() throws SQLException {
        Random random = new Random(7);
        List<String> vocabulary = new ArrayList<>();
        for (String root : PorterStemmerTest.ROOTS) {
            for (int i = 0; i < 6; i++) {
                vocabulary.add(root + PorterStemmerTest.SUFFIXES[random.nextInt(PorterStemmerTest.SUFFIXES.length)]);
            }
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder(random.nextBoolean() ? "" : SEPARATORS[random.nextInt(5)]);
            int words = 1 + random.nextInt(30);
            for (int w = 0; w < words; w++) {
                String word = vocabulary.get(random.nextInt(vocabulary.size()));
                text.append(random.nextInt(8) == 0 ? word.toUpperCase() : word);
                text.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
            }
            texts.add(text.toString());
        }
        int compared = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
                Statement ddl = c.createStatement()) {
            ddl.execute("CREATE VIRTUAL TABLE t USING fts5(search_text, tokenize = 'porter unicode61')");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (rowid, search_text) VALUES (?, ?)")) {
                for (int i = 0; i < texts.size(); i++) {
                    insert.setInt(1, i);
                    insert.setString(2, texts.get(i));
                    insert.executeUpdate();
                }
            }
            PreparedStatement select = c.prepareStatement(
                    "SELECT rowid, highlight(t, 0, char(1), char(2)) FROM t WHERE t MATCH ?");
            for (int q = 0; q < 300; q++) {
                int terms = 1 + random.nextInt(3);
                StringBuilder text = new StringBuilder();
                for (int k = 0; k < terms; k++) {
                    String word = vocabulary.get(random.nextInt(vocabulary.size()));
                    text.append(k == 0 ? "" : " ").append(random.nextBoolean() ? word : word.toUpperCase());
                }
                Fts5Query query = Fts5Query.of(SearchQuery.parse(text.toString()));
                assertTrue(query.marksInJava());
                select.setString(1, query.expression());
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String original = texts.get(rs.getInt(1));
                        assertEquals(rs.getString(2), new AsciiHighlighter(query.asciiStems()).highlight(original),
                                "query '" + text + "' on '" + original + "'");
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 1000, "only " + compared + " matches compared");
    }

    @Test
    void nonAsciiTermsAreLeftToSqlite() {
        assertFalse(Fts5Query.of(SearchQuery.parse("über hund")).marksInJava());
        assertEquals(List.of("run", "dog"), Fts5Query.of(SearchQuery.parse("Running, DOGS! dog")).asciiStems());
    }

    @Test
    void markCharactersInTheTextAreNotMarks() {
        assertEquals(" cat  and \u0001dog\u0002",
                new AsciiHighlighter(List.of("dog")).highlight("\u0001cat\u0002 and dog"));
    }
}
