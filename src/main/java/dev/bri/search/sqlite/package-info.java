/**
 * Search in SQLite ({@link dev.bri.search.sqlite.Fts5SearchIndex}): FTS5 is the complete index, per-video term
 * statistics answer ASCII queries faster, and Java marks and ranks the matches. Both paths must give the same hits,
 * scores, order and snippets ({@code SearchTermsTest} compares them), so the Java side follows FTS5's rules exactly.
 * They are stated here once.
 *
 * <h2>Tokenizer</h2>
 * {@code context_fts} uses {@code tokenize = 'porter unicode61'}. For ASCII text unicode61 makes a token of each run of
 * letters and digits ({@code [A-Za-z0-9]}), folds it to lower case, and treats everything else as a separator. Beyond
 * ASCII it also folds diacritics and knows every script's letters, which the Java side does not reproduce: a video
 * with any non-ASCII text is listed in {@code search_terms_incomplete} ({@code non-ascii}) and searched through FTS5
 * alone, and a query with a non-ASCII term always is.
 *
 * <h2>Stemmer</h2>
 * {@link dev.bri.search.sqlite.PorterStemmer} stems as FTS5's {@code porter} tokenizer does, quirks included: tokens
 * shorter than 3 or longer than 64 characters are not stemmed (longer ones are indexed whole, lowercased); within a
 * step the first rule whose suffix ends the word decides, even when its condition then fails; a suffix never takes the
 * whole word; {@code (*v*)} treats 'y' as a vowel anywhere but at the start. {@code PorterStemmerTest} compares every
 * rule with the bundled SQLite. A change to the tokenizer or stemmer must come with a migration that lists every
 * video for backfill ({@link dev.bri.search.sqlite.SearchTermsBackfill}), since term rows are removed by tokenizing
 * an item's old text again.
 *
 * <h2>Marks</h2>
 * A match's text is marked as {@code highlight(context_fts, 0, char(1), char(2))} marks it: U+0001 before and U+0002
 * after each token whose stem is a query term. {@link dev.bri.search.sqlite.AsciiHighlighter} produces the same
 * output for ASCII text ({@code AsciiHighlighterTest} compares it with SQLite's on random texts); ingest replaces
 * control characters in stored text, and any left between tokens are written as spaces, so a mark is never text.
 *
 * <h2>Query, ranking, snippet</h2>
 * Every term is quoted and ANDed ({@link dev.bri.search.sqlite.Fts5Query}), so input is never FTS5 syntax. Hits are
 * ranked by BM25 over the video's matches (k1 1.2, b 0.75; the corpus-wide inverse document frequency is the same
 * factor for every match of an AND query and is left out), then by start, then by storage order. A snippet is at most
 * 16 tokens centred on the densest run of marks, with {@code <mark>} tags and an ellipsis where text was cut.
 */
package dev.bri.search.sqlite;
