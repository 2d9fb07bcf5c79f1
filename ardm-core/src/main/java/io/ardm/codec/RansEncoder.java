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
 * <p>State and words: once warm the state x lies in [2^31, 2^63) and is renormalised by emitting 32-bit words
 * (the layout of ryg_rans' rans64). Keeping x below 2^63 lets every step use plain signed {@code long}
 * arithmetic, without unsigned division; the cost is one bit of state headroom, which is why the precision is
 * capped at 28 rather than 31.
 *
 * <p>Cold start, for short messages (one 250-character record costs ~600 bits, so every bit of framing shows):
 * the state starts at 1 rather than 2^31, so the flushed state carries only information, and it is written
 * with as few bytes as it needs. A state far below the model's frequencies grows by ~2^precision per symbol
 * whatever the symbol's probability, so the first pushes use coarser models ({@link #coldStartModel}): the
 * k-th symbol pushed is coded at no more than ⌈log2 K⌉ + 1 + ⌊k / 2⌋ bits, with the likely symbols at the bottom of
 * the coarse table ({@link Categorical#coarsened}), where a small state pays least for them. Together this costs ~5 bits per stream
 * (measured in RansCoderTest) where a fixed 2^31 start and an 8-byte flush cost ~48. Integrity is left to
 * the container's checksum: a damaged stream is only caught when it fails to end in state 1.
 *
 * <p>Byte format ({@link #toByteArray}), read front to back by the decoder: the final state, little-endian in
 * s bytes, then the emitted words, last emitted first (little-endian). Without words, s is the stream length
 * (1..8, the fewest bytes that hold the state); with words the state is ≥ 2^31 and s ∈ {5, 6, 7, 8} is the
 * fewest bytes but at least 5, so that s = 5 + ((length − 5) mod 4) can be read off the length (> 8).
 */
public final class RansEncoder {
    static final long STATE_LOWER_BOUND = 1L << 31;
    static final long INITIAL_STATE = 1;
    /**
     * The cold start adds one bit of precision every this many pushes. The first symbols pushed are the last ones
     * decoded, which a good model predicts best (~1 bit or less each), so the state grows slowly there; measured on
     * the trained text OA-ARDM (40 records, B = 20): 1 push per bit cost 6.9 bits per stream, 2 cost 1.7, 3 cost 1.1.
     */
    static final int PUSHES_PER_COLD_START_BIT = 2;
    static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private long state = INITIAL_STATE;
    private long pushed;
    private int[] words = new int[256];
    private int wordCount;

    /** Codes {@code symbol} with {@code model}; it will be the first symbol the decoder pops. */
    public void push(int symbol, Categorical model) {
        Categorical coded = coldStartModel(model, pushed++);
        int frequency = coded.frequency(symbol);
        int precision = coded.precision();
        long x = state;
        // x ≥ frequency·2^(63−precision) would overflow the state after coding: emit the low word first.
        if ((x >>> (63 - precision)) >= frequency) {
            if (wordCount == words.length) words = Arrays.copyOf(words, 2 * wordCount);
            words[wordCount++] = (int) x;
            x >>>= 32;
        }
        state = ((x / frequency) << precision) + (x % frequency) + coded.cumulative(symbol);
    }

    /** The model the {@code pushIndex}-th symbol of a stream is coded with (counting from 0, in push order). */
    static Categorical coldStartModel(Categorical model, long pushIndex) {
        int minimumBits = 32 - Integer.numberOfLeadingZeros(model.size() - 1);
        long bits = minimumBits + 1 + pushIndex / PUSHES_PER_COLD_START_BIT;
        return bits >= model.precision() ? model : model.coarsened((int) bits);
    }

    /** Size of {@link #toByteArray()} in bits, final state included. */
    public long compressedBits() {
        return 8L * (stateBytes() + 4L * wordCount);
    }

    /** The compressed stream, flushed state included. The encoder stays usable (pushing more is fine). */
    public byte[] toByteArray() {
        int s = stateBytes();
        byte[] bytes = new byte[s + 4 * wordCount];
        for (int i = 0; i < s; i++) bytes[i] = (byte) (state >>> (8 * i));
        for (int i = 0; i < wordCount; i++) WORDS.set(bytes, s + 4 * i, words[wordCount - 1 - i]);
        return bytes;
    }

    private int stateBytes() {
        int minimal = Math.max(1, (64 - Long.numberOfLeadingZeros(state) + 7) / 8);
        return wordCount == 0 ? minimal : Math.max(5, minimal);
    }
}
