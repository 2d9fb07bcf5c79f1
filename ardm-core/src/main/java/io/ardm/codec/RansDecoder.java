package io.ardm.codec;

import java.util.Objects;

/**
 * rANS decoder for the streams of {@link RansEncoder}: {@link #pop} returns symbols in the reverse of the
 * order they were pushed, given the same models. The decoder must know how many symbols the stream holds (the
 * last pops use the encoder's cold-start models). Corrupt input never causes anything but a
 * {@link CorruptStreamException} or wrong symbols: every word read keeps the state below 2^63, so each step stays
 * in range whatever the bytes were. Call {@link #finish} after the last symbol to check that the stream was
 * consumed exactly and ended in the encoder's initial state.
 *
 * <p>That end check catches much of the damage (RansCoderTest prints the rate), not all: the compact flush
 * spends no bits on redundancy, so the container's CRC32C of the original data
 * ({@link ArdmFileHeader#requireOriginalCrc}) is what guarantees integrity.
 */
public final class RansDecoder {
    private final byte[] data;
    private final int end;
    private final long symbols;
    private long popped;
    private int position;
    private long state;

    public RansDecoder(byte[] data, long symbols) {
        this(data, 0, data.length, symbols);
    }

    /** Decodes the {@code symbols} symbols of the stream held in data[offset .. offset+length). */
    public RansDecoder(byte[] data, int offset, int length, long symbols) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (symbols < 0) throw new IllegalArgumentException("negative symbol count " + symbols);
        if (length < 1) throw new CorruptStreamException("empty rANS stream: it holds at least its final state");
        this.data = data;
        this.end = offset + length;
        this.symbols = symbols;
        boolean hasWords = length > 8;
        int stateBytes = hasWords ? 5 + ((length - 5) & 3) : length;
        for (int i = stateBytes - 1; i >= 0; i--) state = state << 8 | Byte.toUnsignedLong(data[offset + i]);
        this.position = offset + stateBytes;
        boolean padded = hasWords && stateBytes == 5; // the one case where the top byte may be 0
        if (state < 0 || (!padded && data[offset + stateBytes - 1] == 0)
                || (hasWords && state < RansEncoder.STATE_LOWER_BOUND)) {
            throw new CorruptStreamException("rANS stream of " + length + " bytes starts with an impossible "
                    + stateBytes + "-byte state 0x" + Long.toHexString(state));
        }
    }

    /** Decodes the next symbol with {@code model}, which must equal the one it was pushed with. */
    public int pop(Categorical model) {
        if (popped == symbols) throw new IllegalStateException("all " + symbols + " symbols of the stream are already decoded");
        Categorical coded = RansEncoder.coldStartModel(model, symbols - ++popped);
        int precision = coded.precision();
        int quantile = (int) (state & ((1L << precision) - 1));
        int symbol = coded.symbolAt(quantile);
        long x = coded.frequency(symbol) * (state >>> precision) + quantile - coded.cumulative(symbol);
        // Below 2^31 the encoder had emitted a word here, unless this is its cold start (then all words are read).
        if (x < RansEncoder.STATE_LOWER_BOUND && position < end) x = x << 32 | Integer.toUnsignedLong(nextWord());
        state = x;
        return symbol;
    }

    /** Checks the end of the stream: every symbol and byte consumed and the state back at the encoder's start. */
    public void finish() {
        if (popped != symbols) throw new IllegalStateException(popped + " of " + symbols + " symbols decoded");
        if (position != end) {
            throw new CorruptStreamException("rANS stream has " + (end - position) + " unread bytes after the last symbol");
        }
        if (state != RansEncoder.INITIAL_STATE) {
            throw new CorruptStreamException("rANS stream ends in state 0x" + Long.toHexString(state)
                    + " instead of 1: corrupt, or decoded with different probabilities than it was encoded with");
        }
    }

    private int nextWord() {
        int word = (int) RansEncoder.WORDS.get(data, position);
        position += 4;
        return word;
    }
}
