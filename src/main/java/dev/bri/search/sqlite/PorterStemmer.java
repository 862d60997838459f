package dev.bri.search.sqlite;

/**
 * The Porter stemmer as SQLite's FTS5 {@code porter} tokenizer applies it, for tokens of ASCII letters and digits
 * already folded to lower case. Search marks matches in Java and must stem exactly as the index did;
 * FTS5's quirks are kept on purpose (listed in the package documentation).
 */
final class PorterStemmer {

    /** FTS5_PORTER_MAX_TOKEN: longer tokens are indexed as they are. */
    static final int MAX_TOKEN = 64;

    private PorterStemmer() {
    }

    static String stem(String token) {
        char[] chars = token.toCharArray();
        int length = stem(chars, chars.length);
        return length == chars.length ? new String(chars) : new String(chars, 0, length);
    }

    /** Stems {@code word[0, length)} in place and returns the stem's length (never longer than the word). */
    static int stem(char[] word, int length) {
        if (length < 3 || length > MAX_TOKEN) {
            return length;
        }
        int n = step1a(word, length);
        n = step1b(word, n);
        if (n > 0 && word[n - 1] == 'y' && hasVowel(word, n - 1)) {
            word[n - 1] = 'i';
        }
        n = apply(STEP2, word, n);
        n = apply(STEP3, word, n);
        n = apply(STEP4, word, n);
        if (word[n - 1] == 'e' && (measureAbove1(word, n - 1) || (measureIs1(word, n - 1) && !cvc(word, n - 1)))) {
            n--;
        }
        if (n > 1 && word[n - 1] == 'l' && word[n - 2] == 'l' && measureAbove1(word, n - 1)) {
            n--;
        }
        return n;
    }

    private static int step1a(char[] w, int n) {
        if (w[n - 1] != 's') {
            return n;
        }
        if (w[n - 2] == 'e') {
            boolean ssesOrIes = (n > 4 && w[n - 4] == 's' && w[n - 3] == 's') || (n > 3 && w[n - 3] == 'i');
            return ssesOrIes ? n - 2 : n - 1;
        }
        return w[n - 2] == 's' ? n : n - 1;
    }

    private static int step1b(char[] w, int n) {
        int stem;
        if (endsWith(w, n, "eed")) {
            return measureAbove0(w, n - 3) ? n - 1 : n;
        } else if (endsWith(w, n, "ed")) {
            stem = n - 2;
        } else if (endsWith(w, n, "ing")) {
            stem = n - 3;
        } else {
            return n;
        }
        if (!hasVowel(w, stem)) {
            return n;
        }
        n = stem;
        if (endsWith(w, n, "at") || endsWith(w, n, "bl") || endsWith(w, n, "iz")) {
            w[n] = 'e';
            return n + 1;
        }
        char last = w[n - 1];
        if (!isVowel(last, false) && last != 'l' && last != 's' && last != 'z' && n > 1 && last == w[n - 2]) {
            return n - 1;
        }
        if (measureIs1(w, n) && cvc(w, n)) {
            w[n] = 'e';
            return n + 1;
        }
        return n;
    }

    private interface Condition {
        boolean holds(char[] word, int stemLength);
    }

    private record Rule(String suffix, String replacement, Condition condition) {
    }

    private static final Condition M_ABOVE_0 = PorterStemmer::measureAbove0;
    private static final Condition M_ABOVE_1 = PorterStemmer::measureAbove1;

    private static final Rule[] STEP2 = {
            new Rule("ational", "ate", M_ABOVE_0), new Rule("tional", "tion", M_ABOVE_0),
            new Rule("enci", "ence", M_ABOVE_0), new Rule("anci", "ance", M_ABOVE_0),
            new Rule("izer", "ize", M_ABOVE_0), new Rule("logi", "log", M_ABOVE_0),
            new Rule("bli", "ble", M_ABOVE_0), new Rule("alli", "al", M_ABOVE_0), new Rule("entli", "ent", M_ABOVE_0),
            new Rule("eli", "e", M_ABOVE_0), new Rule("ousli", "ous", M_ABOVE_0),
            new Rule("ization", "ize", M_ABOVE_0), new Rule("ation", "ate", M_ABOVE_0),
            new Rule("ator", "ate", M_ABOVE_0),
            new Rule("alism", "al", M_ABOVE_0), new Rule("iveness", "ive", M_ABOVE_0),
            new Rule("fulness", "ful", M_ABOVE_0), new Rule("ousness", "ous", M_ABOVE_0),
            new Rule("aliti", "al", M_ABOVE_0), new Rule("iviti", "ive", M_ABOVE_0),
            new Rule("biliti", "ble", M_ABOVE_0),
    };

    private static final Rule[] STEP3 = {
            new Rule("ical", "ic", M_ABOVE_0), new Rule("ness", "", M_ABOVE_0),
            new Rule("icate", "ic", M_ABOVE_0), new Rule("iciti", "ic", M_ABOVE_0),
            new Rule("ful", "", M_ABOVE_0), new Rule("ative", "", M_ABOVE_0), new Rule("alize", "al", M_ABOVE_0),
    };

    private static final Rule[] STEP4 = {
            new Rule("al", "", M_ABOVE_1), new Rule("ance", "", M_ABOVE_1), new Rule("ence", "", M_ABOVE_1),
            new Rule("er", "", M_ABOVE_1), new Rule("ic", "", M_ABOVE_1),
            new Rule("able", "", M_ABOVE_1), new Rule("ible", "", M_ABOVE_1),
            new Rule("ant", "", M_ABOVE_1), new Rule("ement", "", M_ABOVE_1), new Rule("ment", "", M_ABOVE_1),
            new Rule("ent", "", M_ABOVE_1),
            new Rule("ion", "", (w, n) -> (w[n - 1] == 's' || w[n - 1] == 't') && measureAbove1(w, n)),
            new Rule("ou", "", M_ABOVE_1), new Rule("ism", "", M_ABOVE_1),
            new Rule("ate", "", M_ABOVE_1), new Rule("iti", "", M_ABOVE_1),
            new Rule("ous", "", M_ABOVE_1), new Rule("ive", "", M_ABOVE_1), new Rule("ize", "", M_ABOVE_1),
    };

    /**
     * The first rule whose suffix ends the word decides the step. Rules sharing a last-but-one letter are listed in
     * FTS5's order, and rules with different ones can never both match, so this is FTS5's switch on that letter.
     */
    private static int apply(Rule[] rules, char[] w, int n) {
        for (Rule rule : rules) {
            if (endsWith(w, n, rule.suffix)) {
                int stem = n - rule.suffix.length();
                if (!rule.condition.holds(w, stem)) {
                    return n;
                }
                rule.replacement.getChars(0, rule.replacement.length(), w, stem);
                return stem + rule.replacement.length();
            }
        }
        return n;
    }

    /** The word ends with the suffix and is longer than it; compared from the end, where most rules differ. */
    private static boolean endsWith(char[] w, int n, String suffix) {
        int s = suffix.length();
        if (n <= s) {
            return false;
        }
        for (int i = 1; i <= s; i++) {
            if (w[n - i] != suffix.charAt(s - i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isVowel(char c, boolean yIsVowel) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || (yIsVowel && c == 'y');
    }

    /** Length of the first vowel-consonant run from {@code from}, up to and including the consonant; 0 if none. */
    private static int vowelConsonant(char[] w, int from, int n, boolean previousIsConsonant) {
        boolean consonant = previousIsConsonant;
        int i = from;
        for (; i < n; i++) {
            consonant = !isVowel(w[i], consonant);
            if (!consonant) {
                break;
            }
        }
        for (i++; i < n; i++) {
            consonant = !isVowel(w[i], consonant);
            if (consonant) {
                return i + 1 - from;
            }
        }
        return 0;
    }

    /** (m > 0) */
    private static boolean measureAbove0(char[] w, int n) {
        return vowelConsonant(w, 0, n, false) != 0;
    }

    /** (m > 1) */
    private static boolean measureAbove1(char[] w, int n) {
        int first = vowelConsonant(w, 0, n, false);
        return first != 0 && vowelConsonant(w, first, n, true) != 0;
    }

    /** (m = 1) */
    private static boolean measureIs1(char[] w, int n) {
        int first = vowelConsonant(w, 0, n, false);
        return first != 0 && vowelConsonant(w, first, n, true) == 0;
    }

    /** (*o): ends consonant-vowel-consonant, the last not w, x or y. */
    private static boolean cvc(char[] w, int n) {
        char last = w[n - 1];
        if (last == 'w' || last == 'x' || last == 'y') {
            return false;
        }
        int mask = 0;
        boolean consonant = false;
        for (int i = 0; i < n; i++) {
            consonant = !isVowel(w[i], consonant);
            mask = (mask << 1) | (consonant ? 1 : 0);
        }
        return (mask & 0b111) == 0b101;
    }

    /** (*v*): FTS5 counts 'y' as a vowel anywhere but at the start. */
    private static boolean hasVowel(char[] w, int n) {
        for (int i = 0; i < n; i++) {
            if (isVowel(w[i], i > 0)) {
                return true;
            }
        }
        return false;
    }
}
