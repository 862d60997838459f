package dev.bri.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchRankingTest {

    private static final char O = SearchRanking.OPEN;
    private static final char C = SearchRanking.CLOSE;

    private static SearchRanking.Match match(long seq, double start, String highlighted) {
        return new SearchRanking.Match(seq, start, highlighted, true);
    }

    private static List<Long> seqs(List<SearchRanking.Hit> hits) {
        return hits.stream().map(SearchRanking.Hit::seq).toList();
    }

    private static String mark(String word) {
        return O + word + C;
    }

    @Test
    void moreMatchesAndShorterTextsRankFirst() {
        List<SearchRanking.Hit> rows = SearchRanking.rank(List.of(
                match(1, 10, "look at that small " + mark("dog") + " over there in the park"),
                match(2, 20, mark("dog") + " meets " + mark("dog")),
                match(3, 30, "a " + mark("dog"))), List.of(), 10);
        assertEquals(List.of(2L, 3L, 1L), seqs(rows));
        assertTrue(rows.get(0).score() > rows.get(1).score() && rows.get(1).score() > rows.get(2).score());
    }

    @Test
    void equalScoresKeepTimeOrderAndLimitCuts() {
        List<SearchRanking.Hit> rows = SearchRanking.rank(List.of(
                match(7, 30, "a " + mark("cat")), match(5, 10, "a " + mark("cat")), match(6, 20, "a " + mark("cat"))),
                List.of(), 2);
        assertEquals(List.of(5L, 6L), seqs(rows));
        assertEquals(0, SearchRanking.rank(List.of(), List.of(), 10).size());
    }

    @Test
    void plainAsciiMatchesRankAndReadAsHighlightedOnes() {
        List<String> stems = SearchQuery.parse("dogs").asciiStems();
        List<SearchRanking.Hit> highlighted = SearchRanking.rank(List.of(
                match(1, 10, "look at that small " + mark("dog") + " over there in the park"),
                match(2, 20, mark("Dogs") + " meet " + mark("DOG")),
                match(3, 30, "a " + mark("dog") + ", " + "hot-dog".replace("dog", mark("dog")))), List.of(), 10);
        List<SearchRanking.Hit> plain = SearchRanking.rank(List.of(
                new SearchRanking.Match(1, 10, "look at that small dog over there in the park", false),
                new SearchRanking.Match(2, 20, "Dogs meet DOG", false),
                new SearchRanking.Match(3, 30, "a dog, hot-dog", false)), stems, 10);
        assertEquals(highlighted, plain);
        assertEquals("<mark>Dogs</mark> meet <mark>DOG</mark>", plain.get(0).snippet());
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
