package io.ardm.modality.text8;

import java.text.Normalizer;
import java.util.Map;

/**
 * Turns arbitrary text into text8 form, following Matt Mahoney's wikifil.pl that made text8: markup is
 * dropped, letters are lowercased, each digit is spelled out as a word ("1990" → "one nine nine zero"),
 * everything else becomes a space and runs of spaces collapse to one. Beyond wikifil, accented letters keep
 * their base letter ('é', {@code &eacute;} → 'e') instead of splitting a word in two.
 */
public final class Text8Normalizer {
    private static final String[] DIGIT_WORDS =
            {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
    /** Letters that Unicode decomposition does not reduce to a–z. */
    private static final Map<Character, String> LIGATURES = Map.of(
            'ß', "ss", 'æ', "ae", 'Æ', "ae", 'œ', "oe", 'Œ', "oe",
            'ø', "o", 'Ø', "o", 'ð', "th", 'þ', "th", 'ł', "l");
    /** Named entities for those letters; other names go through {@link #baseLetterOfEntity}. */
    private static final Map<String, String> LIGATURE_ENTITIES = Map.of(
            "szlig", "ss", "aelig", "ae", "AElig", "ae", "oelig", "oe", "OElig", "oe",
            "oslash", "o", "Oslash", "o", "eth", "th", "thorn", "th", "THORN", "th");
    /** A tag never spans more than this (a lone '<' in prose must not swallow a page). */
    private static final int MAX_TAG = 200;
    private static final int MAX_ENTITY = 12;

    private final StringBuilder out = new StringBuilder();

    /** The text8 form of {@code text}: no leading or trailing space. */
    public static String normalize(CharSequence text) {
        Text8Normalizer normalizer = new Text8Normalizer();
        normalizer.append(text);
        return normalizer.result();
    }

    /** Appends more text; spaces collapse across calls. Tags and entities must not be split between calls. */
    public void append(CharSequence text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '<' && i + 1 < n && startsTag(text.charAt(i + 1))) {
                int end = indexOf(text, '>', i + 1, MAX_TAG);
                if (end > 0) {
                    space();
                    i = end;
                    continue;
                }
            } else if (c == '&') {
                int end = indexOf(text, ';', i + 1, MAX_ENTITY);
                if (end > 0 && isEntityName(text, i + 1, end)) {
                    appendEntity(text.subSequence(i + 1, end).toString());
                    i = end;
                    continue;
                }
            }
            appendChar(c);
        }
    }

    /** All text so far, without a trailing space. */
    public String result() {
        int end = out.length();
        if (end > 0 && out.charAt(end - 1) == ' ') end--;
        return out.substring(0, end);
    }

    private void appendChar(char c) {
        if (c >= 'a' && c <= 'z') {
            out.append(c);
        } else if (c >= 'A' && c <= 'Z') {
            out.append((char) (c + ('a' - 'A')));
        } else if (c >= '0' && c <= '9') {
            space();
            out.append(DIGIT_WORDS[c - '0']);
            space();
        } else if (c >= 0x80) {
            appendFolded(c);
        } else {
            space();
        }
    }

    /** A non-ASCII letter as its base letter(s); any other symbol is a space. */
    private void appendFolded(char c) {
        String ligature = LIGATURES.get(c);
        if (ligature != null) {
            out.append(ligature);
            return;
        }
        String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
        char base = decomposed.charAt(0);
        boolean asciiLetter = (base | 0x20) >= 'a' && (base | 0x20) <= 'z';
        if (asciiLetter && decomposed.codePoints().skip(1).allMatch(cp -> Character.getType(cp) == Character.NON_SPACING_MARK)) {
            appendChar(base);
        } else {
            space();
        }
    }

    /** {@code &eacute;} → 'e', {@code &#233;} → 'e', {@code &szlig;} → "ss"; anything else → space. */
    private void appendEntity(String name) {
        String ligature = LIGATURE_ENTITIES.get(name);
        if (ligature != null) {
            out.append(ligature);
        } else if (name.startsWith("#")) {
            int cp = parseCharacterReference(name.substring(1));
            if (cp >= 0 && cp <= Character.MAX_VALUE) appendChar((char) cp);
            else space();
        } else {
            char base = baseLetterOfEntity(name);
            if (base != 0) appendChar(base);
            else space();
        }
    }

    /** HTML names a letter with a diacritic as the letter followed by the accent: aacute, Ccedil, uuml. */
    private static char baseLetterOfEntity(String name) {
        if (name.length() < 3) return 0;
        char base = name.charAt(0);
        if (!((base | 0x20) >= 'a' && (base | 0x20) <= 'z')) return 0;
        return switch (name.substring(1)) {
            case "acute", "grave", "circ", "uml", "tilde", "cedil", "ring", "macr", "breve", "caron",
                 "dot", "ogon", "slash", "strok" -> base;
            default -> 0;
        };
    }

    private static int parseCharacterReference(String digits) {
        try {
            return digits.startsWith("x") || digits.startsWith("X")
                    ? Integer.parseInt(digits.substring(1), 16) : Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean startsTag(char c) {
        return Character.isLetter(c) || c == '/' || c == '!' || c == '?';
    }

    /** A name or numeric reference: "eacute", "#233", "#xE9" (so that "A & B; C" is not an entity). */
    private static boolean isEntityName(CharSequence text, int from, int to) {
        if (from == to) return false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            boolean ok = c < 0x80 && (Character.isLetterOrDigit(c) || (c == '#' && i == from));
            if (!ok) return false;
        }
        return true;
    }

    private void space() {
        int n = out.length();
        if (n > 0 && out.charAt(n - 1) != ' ') out.append(' ');
    }

    /** Index of {@code target} within {@code limit} chars after {@code from} on the same line, or -1. */
    private static int indexOf(CharSequence text, char target, int from, int limit) {
        int end = Math.min(text.length(), from + limit);
        for (int i = from; i < end; i++) {
            char c = text.charAt(i);
            if (c == target) return i;
            if (c == '\n' || c == '<' || c == '&') return -1;
        }
        return -1;
    }
}
