package dev.aigateway.semantic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What must match exactly between two prompts whose embeddings are close, because a sentence embedding barely sees
 * it: the numbers, the names (capitalised words inside a sentence, acronyms), the symbols of code and formulas
 * ({@code //} vs {@code /}, {@code >} vs {@code <}), the negations ({@code not}, {@code never}, {@code un-}/{@code in-}
 * antonyms), the direction of a conversion ({@code X to Y} vs {@code Y to X}), the code tokens (compared exactly) and
 * the one word two otherwise identical prompts swap. Small spelling differences in a name or that one word (a typo)
 * are tolerated; anything else that differs on these points makes the pair a miss, however close the vectors. Cheap: a tokenisation of each text and comparisons of a few short lists.
 */
final class SemanticGuard {

    private static final Set<String> NEGATIONS =
            Set.of("not", "no", "never", "none", "nothing", "cannot", "without", "neither", "nor", "false", "except");
    private static final Set<String> ANTONYM_PREFIXES = Set.of("un", "in", "im", "il", "ir", "dis", "non");
    /** Sentence punctuation, not compared; everything else that is neither letter, digit nor blank is a symbol. */
    private static final String SENTENCE_PUNCTUATION = ".,;:!?'\"()\u00bf\u00a1\u2019\u2018\u201c\u201d";

    private static final Set<String> DIRECTIONS = Set.of("to", "into");
    private static final Set<String> FILLERS = Set.of("a", "an", "the", "my", "your", "this", "that", "some");

    private SemanticGuard() {}

    /** Whether a stored prompt may answer a request, beyond their similarity. */
    static boolean compatible(String asked, String stored) {
        Facts a = Facts.of(asked);
        Facts b = Facts.of(stored);
        return a.numbers.equals(b.numbers)
                && a.symbols.equals(b.symbols)
                && a.negations == b.negations
                && !antonyms(a.words, b.words)
                && names(a.names, b.words)
                && names(b.names, a.words)
                && !opposites(a.words, b.words)
                && sameDirection(direction(a.words), direction(b.words))
                && !oneWordSwapped(a.words, b.words)
                && codeTokens(asked).equals(codeTokens(stored));
    }

    /**
     * The same words but one, that one not a typo of the other ({@code turn on} / {@code turn off}, {@code fastest} /
     * {@code slowest}, {@code orchid} / {@code cactus}): a different question, however close the vectors — unless both
     * words only frame the question ({@link #FRAMING}). A rewording that swaps a single content word for a synonym is
     * refused too: a miss, never a wrong answer.
     */
    static boolean oneWordSwapped(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        int swapped = -1;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                if (swapped >= 0) {
                    return false;
                }
                swapped = i;
            }
        }
        String x = a.get(swapped >= 0 ? swapped : 0);
        String y = b.get(swapped >= 0 ? swapped : 0);
        return swapped >= 0 && !similarWords(x, y) && !(FRAMING.contains(x) && FRAMING.contains(y));
    }

    /**
     * Words that frame a question without changing what it asks ({@code How do I} / {@code How can I}, {@code my} /
     * {@code your}, {@code What} / {@code Which}): two of these swapped are not a different question. Words that flip
     * a meaning ({@code on}/{@code off}, {@code with}/{@code without}, {@code up}/{@code down}) or a tense ({@code is}/
     * {@code was}) or a modality ({@code can}/{@code must}, {@code should}) are not among them.
     */
    private static final Set<String> FRAMING = Set.of(
            "do", "does", "can", "could", "would", "may", "might", "is", "are", "am", "be", "a", "an", "the", "this",
            "that", "these", "those", "my", "your", "our", "their", "i", "we", "you", "they", "me", "us", "what",
            "which", "what's", "whats", "please", "pls", "kindly");

    /**
     * The code of a text, compared exactly: its blank-separated tokens that hold anything but letters (a symbol, a
     * digit, a quote, a leading {@code -}; an inner hyphen or apostrophe is prose), in order, trailing sentence
     * punctuation of a plain word or number dropped; lower-cased, except command-line flags ({@code -I} is not
     * {@code -i}).
     */
    static List<String> codeTokens(String text) {
        List<String> tokens = new ArrayList<>();
        for (String token : text.split("\\s+")) {
            int end = token.length();
            while (end > 0 && ".,;:!?".indexOf(token.charAt(end - 1)) >= 0) {
                end--;
            }
            String core = token.substring(0, end);
            boolean plain = true;
            for (int i = 0; i < core.length() && plain; i++) {
                char c = core.charAt(i);
                plain = Character.isLetter(c)
                        || ((c == '-' || c == '\'' || c == '\u2019')
                                && i > 0
                                && i + 1 < core.length()
                                && Character.isLetter(core.charAt(i - 1))
                                && Character.isLetter(core.charAt(i + 1)));
            }
            if (plain) {
                continue;
            }
            boolean bare = core.chars().allMatch(Character::isLetterOrDigit);
            String code = bare ? core : token;
            tokens.add(code.startsWith("-") ? code : code.toLowerCase(Locale.ROOT));
        }
        return tokens;
    }

    /**
     * Common opposites: a pair where one text says one and the other the other (and neither says both) is a miss.
     * Short on purpose; the embedding and the threshold do the rest.
     */
    private static final String[][] OPPOSITES = {
        {"in", "out"},
        {"good", "bad"},
        {"before", "after"},
        {"first", "last"},
        {"increase", "decrease"},
        {"ascending", "descending"},
        {"hard", "soft"},
        {"pros", "cons"},
        {"advantages", "disadvantages"},
        {"uppercase", "lowercase"},
        {"upper", "lower"},
        {"safe", "toxic"},
        {"synonyms", "antonyms"},
        {"min", "max"},
        {"minimum", "maximum"},
        {"encode", "decode"},
        {"encrypt", "decrypt"},
        {"push", "pull"},
        {"start", "stop"},
        {"enable", "disable"},
        {"open", "close"},
        {"buy", "sell"},
        {"gain", "lose"},
        {"upload", "download"},
        {"import", "export"},
        {"add", "remove"},
        {"add", "delete"},
        {"create", "drop"},
        {"create", "delete"},
        {"install", "uninstall"},
        {"lock", "unlock"},
        {"serialize", "deserialize"},
        {"compress", "extract"},
        {"compress", "decompress"},
        {"high", "low"},
        {"best", "worst"},
        {"closest", "farthest"},
        {"positive", "negative"},
        {"true", "false"},
        {"edible", "poisonous"},
        {"legal", "illegal"},
        {"valid", "invalid"},
        {"success", "failure"},
        {"successful", "failed"},
        {"heat", "freeze"},
        {"left", "right"},
        {"above", "below"},
        {"more", "less"},
        {"most", "least"},
        {"faster", "slower"},
        {"older", "newer"},
        {"children", "adults"},
        {"vegan", "beef"},
        {"sun", "moon"},
        {"time", "space"},
        {"sort", "reverse"},
        {"split", "join"},
        {"append", "prepend"},
        {"zoom", "unzoom"},
        {"mute", "unmute"},
        {"second", "first"},
        {"third", "second"},
        {"shift", "unshift"},
        {"max", "min"}
    };

    private static boolean opposites(List<String> a, List<String> b) {
        for (String[] pair : OPPOSITES) {
            boolean a0 = a.contains(pair[0]);
            boolean a1 = a.contains(pair[1]);
            boolean b0 = b.contains(pair[0]);
            boolean b1 = b.contains(pair[1]);
            if ((a0 && !a1 && b1 && !b0) || (a1 && !a0 && b0 && !b1)) {
                return true;
            }
        }
        return false;
    }

    /** The same conversion target (a typo allowed), or one text names none. */
    private static boolean sameDirection(String a, String b) {
        return a.isEmpty() || b.isEmpty() || similarWords(a, b);
    }

    private static boolean similarWords(String a, String b) {
        int shorter = Math.min(a.length(), b.length());
        return a.equals(b) || (shorter >= 4 && distance(a, b) <= (shorter >= 8 ? 2 : 1));
    }

    /** The words, numbers, names and symbols of a text. */
    private record Facts(List<String> words, List<String> numbers, List<String> names, String symbols, int negations) {

        static Facts of(String text) {
            List<String> words = new ArrayList<>();
            List<String> numbers = new ArrayList<>();
            List<String> names = new ArrayList<>();
            StringBuilder symbols = new StringBuilder();
            int negations = 0;
            boolean sentenceStart = true;
            int i = 0;
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                if (Character.isLetterOrDigit(c)) {
                    int start = i;
                    while (i < n
                            && (Character.isLetterOrDigit(text.charAt(i))
                                    || (text.charAt(i) == '\'' && i + 1 < n && Character.isLetter(text.charAt(i + 1)))
                                    || (text.charAt(i) == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1))))) {
                        i++;
                    }
                    String token = text.substring(start, i);
                    if (token.endsWith("'s") || token.endsWith("\u2019s")) {
                        token = token.substring(0, token.length() - 2); // a possessive names the same thing
                    }
                    String lower = token.toLowerCase(Locale.ROOT);
                    if (Character.isDigit(token.charAt(0))) {
                        numbers.add(lower);
                    } else if (!sentenceStart
                            && Character.isUpperCase(token.charAt(0))
                            && !token.equals("I")
                            && !token.startsWith("I'")) {
                        names.add(lower);
                    }
                    if (NEGATIONS.contains(lower) || lower.endsWith("n't")) {
                        negations++;
                    }
                    words.add(lower);
                    sentenceStart = false;
                } else {
                    if (c == '.' || c == '?' || c == '!' || c == ':' || c == '\n') {
                        sentenceStart = true;
                    }
                    if (!Character.isWhitespace(c) && SENTENCE_PUNCTUATION.indexOf(c) < 0) {
                        symbols.append(c);
                    }
                    i++;
                }
            }
            return new Facts(words, numbers, names, symbols.toString(), negations);
        }
    }

    /** Every name of one text appears among the other's words (a typo of at most one or two letters allowed). */
    private static boolean names(List<String> names, List<String> words) {
        for (String name : names) {
            boolean found = false;
            for (String w : words) {
                if (similarWords(w, name)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** A word of one text is an un-/in-/non- antonym of a word of the other ({@code safe} / {@code unsafe}). */
    private static boolean antonyms(List<String> a, List<String> b) {
        for (String x : a) {
            for (String y : b) {
                if (prefixedAntonym(x, y) || prefixedAntonym(y, x)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean prefixedAntonym(String word, String negated) {
        if (negated.length() <= word.length() + 1 || word.length() < 4 || !negated.endsWith(word)) {
            return false;
        }
        return ANTONYM_PREFIXES.contains(negated.substring(0, negated.length() - word.length()));
    }

    /** The word after the last {@code to}/{@code into} (skipping articles): where a conversion goes; "" if none. */
    private static String direction(List<String> words) {
        for (int i = words.size() - 2; i >= 0; i--) {
            if (DIRECTIONS.contains(words.get(i))) {
                for (int j = i + 1; j < words.size(); j++) {
                    if (!FILLERS.contains(words.get(j))) {
                        return words.get(j);
                    }
                }
            }
        }
        return "";
    }

    /** Edit distance with transpositions (optimal string alignment); 3 for lengths 3 or more apart. */
    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2) {
            return 3;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
