package io.ardm.modality.text8;

/** A character that text8's 27-symbol alphabet (a–z and space) cannot represent, with where it was found. */
public final class OutOfAlphabetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int codePoint;
    private final long offset;

    /**
     * @param where     the input's name for the message (a file), or null
     * @param codePoint the offending character (or, for a byte that starts no valid UTF-8 sequence, that byte)
     * @param offset    its position: a char index for strings, a byte offset for files
     */
    public OutOfAlphabetException(String where, int codePoint, long offset) {
        super((where == null ? "" : where + ": ") + "character " + describe(codePoint) + " at offset " + offset
                + " is outside the text8 alphabet (a-z and space)");
        this.codePoint = codePoint;
        this.offset = offset;
    }

    public int codePoint() {
        return codePoint;
    }

    public long offset() {
        return offset;
    }

    /** Same character and offset, with the input's name in front (a reader knows the file, the encoder does not). */
    public OutOfAlphabetException in(String where) {
        return new OutOfAlphabetException(where, codePoint, offset);
    }

    /** 'É' (U+00C9); control characters are escaped so the message stays on one line. */
    private static String describe(int codePoint) {
        String shown = switch (codePoint) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> Character.isISOControl(codePoint) || !Character.isValidCodePoint(codePoint)
                    ? "?" : Character.toString(codePoint);
        };
        return String.format("'%s' (U+%04X)", shown, codePoint);
    }
}
