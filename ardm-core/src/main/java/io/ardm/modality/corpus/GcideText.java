package io.ardm.modality.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GCIDE as the Debian package {@code dict-gcide} ships it: a dictd database whose text is plain ASCII with
 * its own markup. Removes what is not English prose before {@link Text8Normalizer} runs: the dictd metadata
 * entries (licence header), source-attribution lines such as "[1913 Webster]", pronunciation fields
 * {@code \Aa*ron"ic\} that repeat the headword, and GCIDE's ASCII letter codes ({@code pre["e]minent},
 * {@code [ae]}), which become plain letters so that words stay whole; syllable marks inside words go too.
 */
public final class GcideText {
    private static final Pattern ATTRIBUTION_LINE = Pattern.compile("\\s*\\[[^\\]]*\\]\\s*");
    private static final Pattern PRONUNCIATION = Pattern.compile("\\\\[^\\\\]*\\\\");
    private static final Pattern LETTER_CODE = Pattern.compile("\\[([^\\[\\]\\s]{1,6})\\]");
    /** Diacritic then letter(s): ['e], ["e], [=a], [.a], [-o], [,c], [~n], [^o], [`e], [*a]. */
    private static final Pattern MARK_FIRST = Pattern.compile("['\"=.\\-,~^`*]([A-Za-z]{1,2})");
    /** Letter(s) then breve: [e^], [oo^]. */
    private static final Pattern MARK_LAST = Pattern.compile("([A-Za-z]{1,2})\\^");
    private static final Map<String, String> NAMED_LETTERS = Map.ofEntries(
            Map.entry("ae", "ae"), Map.entry("AE", "ae"), Map.entry("oe", "oe"), Map.entry("OE", "oe"),
            Map.entry("aum", "a"), Map.entry("asl", "a"), Map.entry("add", "a"), Map.entry("imac", "i"),
            Map.entry("udd", "u"), Map.entry("eth", "th"), Map.entry("thorn", "th"), Map.entry("th", "th"),
            Map.entry("ng", "ng"), Map.entry("yogh", "y"), Map.entry("dsdot", "d"), Map.entry("lsdot", "l"),
            Map.entry("tsdo", "t"), Map.entry("zdot", "z"), Map.entry("mdot", "m"), Map.entry("filig", "fi"),
            Map.entry("fllig", "fl"));
    private static final Pattern SYLLABLE_MARK = Pattern.compile("(?<=[A-Za-z])[*\"`](?=[A-Za-z])");
    private static final String METADATA_PREFIX = "00-database-";
    private static final String DICTD_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private GcideText() {}

    /** The dictd index that sits beside a {@code name.dict.dz} / {@code name.dict}: {@code name.index}. */
    public static Path indexBeside(Path dict) {
        String name = dict.getFileName().toString().replaceFirst("\\.dict(\\.dz)?$", "");
        return dict.resolveSibling(name + ".index");
    }

    /**
     * Byte range [from, to) of the metadata entries ("00-database-url", "-info", ... holding the licence
     * notice) according to the dictd index, or null when it names none.
     */
    public static long[] metadataRange(Path index) throws IOException {
        long from = Long.MAX_VALUE, to = -1;
        for (String line : Files.readAllLines(index, StandardCharsets.ISO_8859_1)) {
            String[] fields = line.split("\t");
            if (fields.length < 3 || !fields[0].startsWith(METADATA_PREFIX)) continue;
            long offset = decodeBase64(fields[1]);
            from = Math.min(from, offset);
            to = Math.max(to, offset + decodeBase64(fields[2]));
        }
        return to < 0 ? null : new long[] {from, to};
    }

    /**
     * The entries a dictd index names, in file order, each once (several headwords may share one), without the
     * metadata entries: byte ranges [offset, offset + length) of the uncompressed database.
     */
    public static List<long[]> entryRanges(Path index) throws IOException {
        TreeMap<Long, Long> ranges = new TreeMap<>();
        for (String line : Files.readAllLines(index, StandardCharsets.ISO_8859_1)) {
            String[] fields = line.split("\t");
            if (fields.length < 3 || fields[0].startsWith(METADATA_PREFIX)) continue;
            ranges.merge(decodeBase64(fields[1]), decodeBase64(fields[2]), Math::max);
        }
        List<long[]> out = new ArrayList<>(ranges.size());
        ranges.forEach((offset, length) -> out.add(new long[] {offset, offset + length}));
        return out;
    }

    /** dictd's numbers: base-64 digits, most significant first. */
    static long decodeBase64(String digits) {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = DICTD_BASE64.indexOf(digits.charAt(i));
            if (digit < 0) throw new IllegalArgumentException("bad dictd index number '" + digits + "'");
            value = value * 64 + digit;
        }
        return value;
    }

    /** The prose of the database text, line by line. */
    public static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.lines().forEach(line -> out.append(cleanLine(line)).append('\n'));
        return out.toString();
    }

    static String cleanLine(String line) {
        if (ATTRIBUTION_LINE.matcher(line).matches()) return "";
        String text = PRONUNCIATION.matcher(line).replaceAll(" ");
        text = LETTER_CODE.matcher(text).replaceAll(code -> Matcher.quoteReplacement(resolveLetterCode(code.group(1))));
        return SYLLABLE_MARK.matcher(text).replaceAll("");
    }

    /** Letters of a GCIDE letter code, or the bracketed text unchanged when it is an ordinary word like [Obs.]. */
    private static String resolveLetterCode(String code) {
        String named = NAMED_LETTERS.get(code);
        if (named != null) return named;
        Matcher first = MARK_FIRST.matcher(code);
        if (first.matches()) return first.group(1);
        Matcher last = MARK_LAST.matcher(code);
        if (last.matches()) return last.group(1);
        return "[" + code + "]";
    }
}
