package dev.bri.search.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bri.search.SearchQuery;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchRankingTest {

    private static final char O = SearchRanking.OPEN;
    private static final char C = SearchRanking.CLOSE;

    private static final AsciiHighlighter NO_STEMS = new AsciiHighlighter(List.of());

    private static SearchRanking.Candidate match(long seq, double start, String highlighted) {
        return SearchRanking.match(seq, start, highlighted, true, NO_STEMS);
    }

    private static List<Long> seqs(List<SearchRanking.Candidate> hits) {
        return hits.stream().map(SearchRanking.Candidate::seq).toList();
    }

    /** What a hit shows of a ranked match: where it is, its score and its snippet. */
    private static List<String> shown(List<SearchRanking.Candidate> ranked, AsciiHighlighter ascii) {
        return ranked.stream().map(r -> r.seq() + " " + r.start() + " " + r.score() + " "
                + SearchRanking.snippet(r, ascii)).toList();
    }

    private static String mark(String word) {
        return O + word + C;
    }

    @Test
    void moreMatchesAndShorterTextsRankFirst() {
        List<SearchRanking.Candidate> rows = SearchRanking.best(List.of(
                match(1, 10, "look at that small " + mark("dog") + " over there in the park"),
                match(2, 20, mark("dog") + " meets " + mark("dog")),
                match(3, 30, "a " + mark("dog"))), 10);
        assertEquals(List.of(2L, 3L, 1L), seqs(rows));
        assertTrue(rows.get(0).score() > rows.get(1).score() && rows.get(1).score() > rows.get(2).score());
    }

    @Test
    void equalScoresKeepTimeOrderAndLimitCuts() {
        List<SearchRanking.Candidate> rows = SearchRanking.best(List.of(
                match(7, 30, "a " + mark("cat")), match(5, 10, "a " + mark("cat")), match(6, 20, "a " + mark("cat"))),
                2);
        assertEquals(List.of(5L, 6L), seqs(rows));
        assertEquals(0, SearchRanking.best(List.of(), 10).size());
    }

    @Test
    void plainAsciiMatchesRankAndReadAsHighlightedOnes() {
        AsciiHighlighter ascii = new AsciiHighlighter(Fts5Query.of(SearchQuery.parse("dogs")).asciiStems());
        List<String> highlighted = shown(SearchRanking.best(List.of(
                match(1, 10, "look at that small " + mark("dog") + " over there in the park"),
                match(2, 20, mark("Dogs") + " meet " + mark("DOG")),
                match(3, 30, "a " + mark("dog") + ", " + "hot-dog".replace("dog", mark("dog")))), 10), NO_STEMS);
        List<SearchRanking.Candidate> plainRanked = SearchRanking.best(List.of(
                SearchRanking.match(1, 10, "look at that small dog over there in the park", false, ascii),
                SearchRanking.match(2, 20, "Dogs meet DOG", false, ascii),
                SearchRanking.match(3, 30, "a dog, hot-dog", false, ascii)), 10);
        List<String> plain = shown(plainRanked, ascii);
        assertEquals(highlighted, plain);
        assertEquals("<mark>Dogs</mark> meet <mark>DOG</mark>", SearchRanking.snippet(plainRanked.get(0), ascii));
    }

    @Test
    void shortTextIsTheWholeSnippet() {
        String text = "a red " + mark("person") + " " + mark("walking") + ", in a garden.";
        assertEquals("a red <mark>person</mark> <mark>walking</mark>, in a garden.",
                SearchRanking.snippet(text, SearchRanking.Tokens.of(text)));
    }

    @Test
    void longTextIsCutAroundTheDensestMatches() {
        // 40 tokens, matches at 25 and 27: the 16-token snippet is centred on them
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            text.append(i == 25 || i == 27 ? mark("w" + i) : "w" + i).append(' ');
        }
        String snippet = SearchRanking.snippet(text.toString(), SearchRanking.Tokens.of(text.toString()));
        assertTrue(snippet.startsWith("…w18 "), snippet);
        assertTrue(snippet.endsWith(" w33…"), snippet);
        assertTrue(snippet.contains("<mark>w25</mark> w26 <mark>w27</mark>"), snippet);
        assertEquals(SearchRanking.SNIPPET_TOKENS, snippet.replace("…", "").split(" ").length);
        String early = O + "w0" + C + text.toString().replaceAll("[^w0-9 ]", "").substring(2);
        assertTrue(SearchRanking.snippet(early, SearchRanking.Tokens.of(early)).startsWith("<mark>w0</mark> w1 "));
    }

    @Test
    void tokensFollowLettersAndDigitsInAnyScript() {
        SearchRanking.Tokens tokens = SearchRanking.Tokens.of("über " + mark("café") + "—42 日本");
        assertEquals(4, tokens.count());
        assertEquals(1, tokens.marked());
        assertTrue(tokens.isMarked(1));
    }
}
