package io.ardm.modality.text8;

import java.nio.charset.StandardCharsets;

/**
 * text8's vocabulary as the paper's code numbers it: id 0 is reserved (never occurs in data), ' ' = 1,
 * 'a'..'z' = 2..27. The model predicts {@link #CLASSES} = 28 classes; the absorbing (masked) state is the
 * extra input id {@link #ABSORBING} = 28, so the network sees {@link #INPUT_CLASSES} = 29 ids (spec §2.4, §6.3).
 */
public final class TextAlphabet {
    public static final int RESERVED = 0;
    public static final int SPACE = 1;
    public static final int CLASSES = 28;
    public static final int ABSORBING = 28;
    public static final int INPUT_CLASSES = 29;
    /** How {@link #decode} shows an absorbed position, as in the paper's figures of partly generated text. */
    public static final char ABSORBED_CHAR = '_';

    /** Byte value → id, 0 where the byte is not in the alphabet (0 doubles as "absent": it never occurs). */
    private static final byte[] ID_OF_BYTE = new byte[256];

    static {
        ID_OF_BYTE[' '] = SPACE;
        for (char c = 'a'; c <= 'z'; c++) ID_OF_BYTE[c] = (byte) (c - 'a' + 2);
    }

    private TextAlphabet() {}

    /** The id of {@code c}, or -1 if text8 has no such symbol. */
    public static int idOf(int c) {
        return c >= 0 && c < 256 && ID_OF_BYTE[c] != 0 ? ID_OF_BYTE[c] : -1;
    }

    /** The symbol of a data id (1..27). */
    public static char charOf(int id) {
        if (id == SPACE) return ' ';
        if (id >= 2 && id <= 27) return (char) ('a' + id - 2);
        throw new IllegalArgumentException("id " + id + " is not a text8 symbol (symbols are 1..27)");
    }

    /** Ids of {@code text}; fails on the first character outside a–z and space, naming it and its index. */
    public static byte[] encode(CharSequence text) {
        byte[] ids = new byte[text.length()];
        for (int i = 0; i < ids.length; i++) {
            int id = idOf(text.charAt(i));
            if (id < 0) throw new OutOfAlphabetException(null, Character.codePointAt(text, i), i);
            ids[i] = (byte) id;
        }
        return ids;
    }

    /** Ids of UTF-8/ASCII text (a new array); offsets in errors are byte offsets. */
    public static byte[] encode(byte[] text) {
        byte[] ids = text.clone();
        encodeInPlace(ids, ids.length);
        return ids;
    }

    /** Replaces the first {@code length} text bytes by their ids without copying (100 MB files). */
    static void encodeInPlace(byte[] text, int length) {
        for (int i = 0; i < length; i++) {
            byte id = ID_OF_BYTE[text[i] & 0xFF];
            if (id == 0) throw new OutOfAlphabetException(null, codePointAt(text, i, length), i);
            text[i] = id;
        }
    }

    /** Text of data ids 1..27; {@link #ABSORBING} shows as {@link #ABSORBED_CHAR}. */
    public static String decode(byte[] ids) {
        StringBuilder text = new StringBuilder(ids.length);
        for (byte id : ids) text.append(symbolOrMask(id));
        return text.toString();
    }

    /** Text of data ids 1..27; {@link #ABSORBING} shows as {@link #ABSORBED_CHAR}. */
    public static String decode(int[] ids) {
        StringBuilder text = new StringBuilder(ids.length);
        for (int id : ids) text.append(symbolOrMask(id));
        return text.toString();
    }

    private static char symbolOrMask(int id) {
        return id == ABSORBING ? ABSORBED_CHAR : charOf(id);
    }

    /** The character a bad byte starts, read as UTF-8 so that the message shows 'É' and not a lone byte. */
    private static int codePointAt(byte[] text, int offset, int length) {
        int lead = text[offset] & 0xFF;
        int size = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
        if (size == 0 || offset + size > length) return lead;
        String decoded = new String(text, offset, size, StandardCharsets.UTF_8);
        int cp = decoded.codePointAt(0);
        return cp == 0xFFFD ? lead : cp;
    }
}
