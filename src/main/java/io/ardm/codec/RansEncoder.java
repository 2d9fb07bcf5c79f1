package io.ardm.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * rANS encoder (a stack): {@link #push} codes symbols in the reverse of the order {@link RansDecoder#pop}
 * returns them. Each symbol may use its own {@link Categorical} (any precision up to
 * {@link Categorical#MAX_PRECISION}); the decoder must be given the same models in mirrored order.
 *
 * <p>State and words: the state x is kept in [2^31, 2^63) and renormalised by emitting 32-bit words (the
 * layout of ryg_rans' rans64). Keeping x below 2^63 lets every step use plain signed {@code long}
 * arithmetic, without unsigned division; the cost is one bit of state headroom, which is why the precision
 * is capped at 28 rather than 31. The state starts at 2^31, so a decoder that ends anywhere else knows the
 * stream was corrupt: the ~31 redundant bits of the 64-bit flush are the integrity check.
 *
 * <p>Byte format ({@link #toByteArray}), read front to back by the decoder: the final state as two
 * little-endian 32-bit words (high word first), then the emitted words, last emitted first. Its length is
 * always a multiple of 4 and at least 8 bytes; an empty message is those 8 bytes.
 */
public final class RansEncoder {
    static final long STATE_LOWER_BOUND = 1L << 31;
    static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private long state = STATE_LOWER_BOUND;
    private int[] words = new int[256];
    private int wordCount;

    /** Codes {@code symbol} with {@code model}; it will be the first symbol the decoder pops. */
    public void push(int symbol, Categorical model) {
        int frequency = model.frequency(symbol);
        int precision = model.precision();
        long x = state;
        // x ≥ frequency·2^(63−precision) would overflow the state after coding: emit the low word first.
        if ((x >>> (63 - precision)) >= frequency) {
            if (wordCount == words.length) words = Arrays.copyOf(words, 2 * wordCount);
            words[wordCount++] = (int) x;
            x >>>= 32;
        }
        state = ((x / frequency) << precision) + (x % frequency) + model.cumulative(symbol);
    }

    /** Size of {@link #toByteArray()} in bits, final state included. */
    public long compressedBits() {
        return 32L * (wordCount + 2);
    }

    /** The compressed stream, flushed state included. The encoder stays usable (pushing more is fine). */
    public byte[] toByteArray() {
        byte[] bytes = new byte[4 * (wordCount + 2)];
        WORDS.set(bytes, 0, (int) (state >>> 32));
        WORDS.set(bytes, 4, (int) state);
        for (int i = 0; i < wordCount; i++) WORDS.set(bytes, 8 + 4 * i, words[wordCount - 1 - i]);
        return bytes;
    }
}
