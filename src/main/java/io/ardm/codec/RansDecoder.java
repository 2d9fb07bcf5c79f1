package io.ardm.codec;

import java.util.Objects;

/**
 * rANS decoder for the streams of {@link RansEncoder}: {@link #pop} returns symbols in the reverse of the
 * order they were pushed, given the same models. Corrupt input never causes anything but a
 * {@link CorruptStreamException} (or, rarely, wrong symbols): every word read keeps the state inside
 * [2^31, 2^63), so each step stays in range whatever the bytes were. Call {@link #finish} after the last
 * symbol to check that the stream was consumed exactly and ended in the encoder's initial state.
 *
 * <p>That check catches damage that changes the state's path, which with ARDM-like distributions is nearly
 * every single bit flip (RansCoderTest prints the rate). Damage that merely swaps a symbol for another of the same
 * frequency at the same offset (common when many symbols have frequency 1) leaves no trace in the state;
 * the container's CRC32C of the original data ({@link ArdmFileHeader#requireOriginalCrc}) catches that.
 */
public final class RansDecoder {
    private final byte[] data;
    private final int length;
    private final int end;
    private int position;
    private long state;

    public RansDecoder(byte[] data) {
        this(data, 0, data.length);
    }

    /** Decodes the stream held in data[offset .. offset+length). */
    public RansDecoder(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length % 4 != 0) {
            throw new CorruptStreamException("rANS stream of " + length + " bytes: its length must be a multiple of 4");
        }
        if (length < 8) {
            throw new CorruptStreamException("rANS stream of " + length + " bytes is shorter than its 8-byte final state");
        }
        this.data = data;
        this.length = length;
        this.end = offset + length;
        this.position = offset;
        long high = Integer.toUnsignedLong(nextWord());
        state = high << 32 | Integer.toUnsignedLong(nextWord());
        if (state < RansEncoder.STATE_LOWER_BOUND) { // also true when bit 63 is set (negative as a long)
            throw new CorruptStreamException("rANS stream starts with an impossible state 0x" + Long.toHexString(state));
        }
    }

    /** Decodes the next symbol with {@code model}, which must equal the one it was pushed with. */
    public int pop(Categorical model) {
        int precision = model.precision();
        int quantile = (int) (state & ((1L << precision) - 1));
        int symbol = model.symbolAt(quantile);
        long x = model.frequency(symbol) * (state >>> precision) + quantile - model.cumulative(symbol);
        if (x < RansEncoder.STATE_LOWER_BOUND) {
            if (position == end) {
                throw new CorruptStreamException("rANS stream exhausted after all " + length
                        + " bytes: truncated, or more symbols requested than were encoded");
            }
            x = x << 32 | Integer.toUnsignedLong(nextWord());
        }
        state = x;
        return symbol;
    }

    /** Checks the end of the stream: every byte consumed and the state back at the encoder's start. */
    public void finish() {
        if (position != end) {
            throw new CorruptStreamException("rANS stream has " + (end - position)
                    + " unread bytes after the last symbol: corrupt, or fewer symbols requested than were encoded");
        }
        if (state != RansEncoder.STATE_LOWER_BOUND) {
            throw new CorruptStreamException("rANS stream ends in state 0x" + Long.toHexString(state)
                    + " instead of 0x80000000: corrupt, or decoded with different probabilities than it was encoded with");
        }
    }

    private int nextWord() {
        int word = (int) RansEncoder.WORDS.get(data, position);
        position += 4;
        return word;
    }
}
