package dev.bri.search.sqlite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks the full-text matches of one video and cuts their snippets, from the matches' marked text.
 *
 * <p>FTS5's own {@code bm25()} counts each term's matches over the whole corpus on every query, so a common word
 * costs what the whole database holds. A video's hits are ranked here instead with BM25's term-frequency saturation
 * and length normalisation over that video's matches: every match contains every query term (terms are ANDed), so
 * the corpus-wide inverse document frequency would be the same factor for every hit and cannot change the order.
 */
public final class SearchRanking {

    /** Marks FTS5's highlight() puts around matched tokens: control characters, never part of a token. */
    public static final char OPEN = '\u0001';
    public static final char CLOSE = '\u0002';
    /** BM25's usual constants (also FTS5's). */
    private static final double K1 = 1.2;
    private static final double B = 0.75;
    /** Tokens in a snippet, as FTS5's snippet(..., 16). */
    static final int SNIPPET_TOKENS = 16;
    private static final String ELLIPSIS = "…";

    private SearchRanking() {
    }

    /** How many tokens a text has and how many of them match. */
    record TokenCount(int tokens, int marked) {
    }

    /**
     * One match of the query in the video, from its reading to its ranking: where it is stored, when it starts, how
     * many tokens its text has and how many of them match, the text when the match was read with it (FTS5's
     * {@code highlight()} output, or plain ASCII text that {@link AsciiHighlighter} marks), and its score once ranked.
     */
    record Candidate(long seq, double start, int tokens, int marked, String text, boolean highlighted, double score) {

        Candidate scored(double score) {
            return new Candidate(seq, start, tokens, marked, text, highlighted, score);
        }
    }

    /** A match read with its text, counted: highlighted text by its marks, plain ASCII text by the query's stems. */
    static Candidate match(long seq, double start, String text, boolean highlighted, AsciiHighlighter ascii) {
        TokenCount count = highlighted ? Tokens.count(text) : ascii.count(text);
        return new Candidate(seq, start, count.tokens(), count.marked(), text, highlighted, 0);
    }

    /**
     * BM25 over the candidates (term-frequency saturation, length normalisation against their average length): the
     * best {@code limit}, scored, highest score first, then earliest, then in storage order. Every match is counted;
     * only the hits returned are marked up and cut into snippets, by the caller.
     */
    static List<Candidate> best(List<Candidate> candidates, int limit) {
        long totalTokens = 0;
        for (Candidate candidate : candidates) {
            totalTokens += candidate.tokens();
        }
        double averageLength = candidates.isEmpty() ? 1 : Math.max(1.0, (double) totalTokens / candidates.size());
        List<Candidate> ranked = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            ranked.add(candidate.scored(score(candidate.tokens(), candidate.marked(), averageLength)));
        }
        ranked.sort(Comparator.comparingDouble((Candidate r) -> -r.score())
                .thenComparingDouble(Candidate::start)
                .thenComparingLong(Candidate::seq));
        return ranked.subList(0, Math.min(limit, ranked.size()));
    }

    static double score(int tokens, int marked, double averageLength) {
        double tf = marked;
        double norm = K1 * (1 - B + B * tokens / averageLength);
        return tf * (K1 + 1) / (tf + norm);
    }

    /** The snippet of a match read with its text. */
    static String snippet(Candidate match, AsciiHighlighter ascii) {
        return snippet(match.highlighted() ? match.text() : ascii.highlight(match.text()));
    }

    /**
     * The snippet of a text whose matched tokens are between {@link #OPEN} and {@link #CLOSE}; also used by the
     * PostgreSQL engine (its {@code ts_headline} marks them), so both engines cut snippets the same way.
     */
    public static String snippet(String highlighted) {
        return snippet(highlighted, Tokens.of(highlighted));
    }

    /**
     * Up to {@link #SNIPPET_TOKENS} tokens centred on the densest run of matches, with {@code <mark>} tags and an
     * ellipsis where text was cut.
     */
    static String snippet(String highlighted, Tokens tokens) {
        int n = tokens.count();
        if (n == 0) {
            return render(highlighted, 0, highlighted.length());
        }
        int first = 0;
        if (n > SNIPPET_TOKENS) {
            int best = -1;
            int marked = 0;
            for (int i = 0; i < n; i++) {
                marked += tokens.isMarked(i) ? 1 : 0;
                if (i >= SNIPPET_TOKENS) {
                    marked -= tokens.isMarked(i - SNIPPET_TOKENS) ? 1 : 0;
                }
                if (i >= SNIPPET_TOKENS - 1 && marked > best) {
                    best = marked;
                    first = i - SNIPPET_TOKENS + 1;
                }
            }
            // Centre the matches of the chosen window, so the reader sees text on both sides of them.
            int firstMark = first;
            int lastMark = first + SNIPPET_TOKENS - 1;
            while (firstMark < lastMark && !tokens.isMarked(firstMark)) {
                firstMark++;
            }
            while (lastMark > firstMark && !tokens.isMarked(lastMark)) {
                lastMark--;
            }
            first = Math.max(0, Math.min(n - SNIPPET_TOKENS, (firstMark + lastMark + 1) / 2 - SNIPPET_TOKENS / 2));
        }
        int last = Math.min(n, first + SNIPPET_TOKENS) - 1;
        int from = first == 0 ? 0 : tokens.begin(first);
        int to = last == n - 1 ? highlighted.length() : tokens.end(last);
        if (from > 0 && highlighted.charAt(from - 1) == OPEN) {
            from--;
        }
        if (to < highlighted.length() && highlighted.charAt(to) == CLOSE) {
            to++;
        }
        return (first > 0 ? ELLIPSIS : "") + render(highlighted, from, to) + (last < n - 1 ? ELLIPSIS : "");
    }

    private static String render(String highlighted, int from, int to) {
        StringBuilder out = new StringBuilder(to - from + 32);
        for (int i = from; i < to; i++) {
            char c = highlighted.charAt(i);
            if (c == OPEN) {
                out.append("<mark>");
            } else if (c == CLOSE) {
                out.append("</mark>");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Token boundaries of a highlighted text (letters and digits, as FTS5's unicode61 tokenizer) and their marks. */
    static final class Tokens {
        private int[] bounds = new int[32];
        private boolean[] marks = new boolean[16];
        private int count;
        private int marked;

        static Tokens of(String highlighted) {
            Tokens tokens = new Tokens();
            scan(highlighted, tokens);
            return tokens;
        }

        /** Counts without keeping boundaries: every match is counted, few are shown. */
        static TokenCount count(String highlighted) {
            return scan(highlighted, null);
        }

        private static TokenCount scan(String highlighted, Tokens into) {
            boolean inMark = false;
            int count = 0;
            int marked = 0;
            int i = 0;
            int length = highlighted.length();
            while (i < length) {
                int c = highlighted.codePointAt(i);
                if (c == OPEN) {
                    inMark = true;
                    i++;
                } else if (c == CLOSE) {
                    inMark = false;
                    i++;
                } else if (Character.isLetterOrDigit(c)) {
                    int begin = i;
                    while (i < length && Character.isLetterOrDigit(c = highlighted.codePointAt(i))) {
                        i += Character.charCount(c);
                    }
                    count++;
                    marked += inMark ? 1 : 0;
                    if (into != null) {
                        into.add(begin, i, inMark);
                    }
                } else {
                    i += Character.charCount(c);
                }
            }
            return new TokenCount(count, marked);
        }

        private void add(int begin, int end, boolean isMarked) {
            if (count == marks.length) {
                marks = java.util.Arrays.copyOf(marks, count * 2);
                bounds = java.util.Arrays.copyOf(bounds, count * 4);
            }
            bounds[2 * count] = begin;
            bounds[2 * count + 1] = end;
            marks[count++] = isMarked;
            marked += isMarked ? 1 : 0;
        }

        int count() {
            return count;
        }

        int marked() {
            return marked;
        }

        boolean isMarked(int i) {
            return marks[i];
        }

        int begin(int i) {
            return bounds[2 * i];
        }

        int end(int i) {
            return bounds[2 * i + 1];
        }
    }
}
