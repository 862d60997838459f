package dev.bri.search.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Java stemmer against the bundled SQLite's FTS5 porter tokenizer, word by word. */
class PorterStemmerTest {

    /** Every suffix a rule looks at, and endings that exercise the conditions around them. */
    static final String[] SUFFIXES = {"", "s", "es", "ies", "sses", "ss", "eed", "ed", "ing", "y", "ly", "e", "ll",
            "at", "ate", "ated", "ating", "bl", "bled", "iz", "izing", "ational", "tional", "enci", "anci", "izer",
            "logi",
            "bli", "alli", "entli", "eli", "ousli", "ization", "ation", "ator", "alism", "iveness", "fulness",
            "ousness", "aliti", "iviti", "biliti", "ical", "ness", "icate", "iciti", "ful", "ative", "alize", "al",
            "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "sion", "tion", "ion", "ou",
            "ism", "iti", "ous", "ive", "ize", "ations", "ers", "ingly", "edness", "fully", "ically"};
    static final String[] ROOTS = {"a", "e", "y", "b", "by", "ay", "ab", "sky", "tr", "hop", "hope", "run", "fil",
            "fail", "fizz", "tann", "fall", "sing", "rel", "condit", "val", "hes", "digit", "conform", "radic",
            "differ", "vietnam", "predic", "oper", "feud", "decis", "hope", "good", "formal", "sensit", "sensib",
            "triplic", "electr", "hop", "revi", "allow", "gener", "adjust", "depend", "adopt", "homolog", "commun",
            "activ", "bowdler", "control", "roll", "happ", "agre", "plaster", "mat", "mess", "cries", "pony", "caress",
            "dog", "person", "walk", "bicycl", "street", "child", "kitchen", "import", "river", "park", "result",
            "caption", "transcript", "2024", "x1", "yy", "qwrt", "sta", "xax", "capa"};

    @Test
    void stemsEveryWordAsSqliteDoes() throws SQLException {
        Set<String> words = new LinkedHashSet<>();
        for (String root : ROOTS) {
            for (String suffix : SUFFIXES) {
                words.add(root + suffix);
            }
        }
        Random random = new Random(42);
        String letters = "aeiouybcdlmnrstz";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder w = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int k = 0; k < length; k++) {
                w.append(letters.charAt(random.nextInt(letters.length())));
            }
            words.add(w + SUFFIXES[random.nextInt(SUFFIXES.length)]);
        }
        words.add("a".repeat(PorterStemmer.MAX_TOKEN - 4) + "ness");
        words.add("a".repeat(PorterStemmer.MAX_TOKEN) + "ness");
        Map<String, String> sqlite = sqliteStems(new ArrayList<>(words));
        List<String> wrong = new ArrayList<>();
        for (String word : words) {
            String stem = PorterStemmer.stem(word);
            if (!stem.equals(sqlite.get(word))) {
                wrong.add(word + ": java " + stem + ", sqlite " + sqlite.get(word));
            }
            // AsciiHighlighter skips tokens by these two properties before stemming them
            int kept = Math.max(1, stem.length() - 2);
            assertTrue(stem.length() <= word.length() && word.startsWith(stem.substring(0, kept)),
                    word + " -> " + stem);
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())), wrong.size() + " of " + words.size());
        assertEquals("run", PorterStemmer.stem("running"));
        assertEquals("happi", PorterStemmer.stem("happy"));
        assertEquals("relat", PorterStemmer.stem("relational"));
    }

    /** Each word indexed as its own row; FTS5's instance vocabulary gives the term it was stored as. */
    static Map<String, String> sqliteStems(List<String> words) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
                Statement ddl = c.createStatement()) {
            ddl.execute("CREATE VIRTUAL TABLE w USING fts5(t, tokenize = 'porter unicode61')");
            ddl.execute("CREATE VIRTUAL TABLE v USING fts5vocab(w, 'instance')");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO w (rowid, t) VALUES (?, ?)")) {
                for (int i = 0; i < words.size(); i++) {
                    insert.setInt(1, i);
                    insert.setString(2, words.get(i));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
            Map<String, String> stems = new HashMap<>();
            try (ResultSet rs = ddl.executeQuery("SELECT doc, term FROM v")) {
                while (rs.next()) {
                    stems.put(words.get(rs.getInt(1)), rs.getString(2));
                }
            }
            return stems;
        }
    }
}
