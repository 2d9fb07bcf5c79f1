package io.ardm.nn.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ardm.tensor.Tape;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CausalStreamTest {
    @ParameterizedTest(name = "positions {0}")
    @ValueSource(strings = {"sinusoidal", "alibi", "rope"})
    void everyPositionOfEverySequenceMatchesTheFullForwardBitForBit(String positions) {
        int vocab = 11;
        TransformerConfig config = new TransformerConfig(2, 48, 4, 96, vocab, vocab - 1, 37, 0f, true, positions.equals("alibi"));
        assertStreamMatchesFullForward(new Transformer(positions.equals("rope") ? config.withRope() : config, 5), 3, 20);
    }

    /**
     * Wider than the packed weights' blocks (the MLP's 160 inputs span two blocks of 128), longer than one block of scored
     * keys (T = 70 > 64), and six sequences side by side, so that the kernels take rows several at a time.
     */
    @Test
    void aWiderLongerStreamOfSixSequencesMatchesTheFullForward() {
        int vocab = 30;
        TransformerConfig config = new TransformerConfig(2, 64, 4, 160, vocab, vocab - 2, 70, 0f, true, false).withRope();
        assertStreamMatchesFullForward(new Transformer(config, 8), 6, 45);
    }

    /** Sequence 1 stops after position {@code stopAt}, as a short last segment would; the others go on to T. */
    private static void assertStreamMatchesFullForward(Transformer net, int batch, int stopAt) {
        int t = net.config().seqLen();
        int vocab = net.config().inputVocab();
        // Weights away from their initial values, so the check does not rest on tiny biases.
        SplittableRandom r = new SplittableRandom(9);
        net.parameters().asMap().values().forEach(p -> {
            for (int i = 0; i < p.data.length; i++) p.data[i] += (float) (0.05 * r.nextGaussian());
        });
        int[][] ids = new int[batch][];
        float[][] full = new float[batch][];
        for (int b = 0; b < batch; b++) {
            ids[b] = r.ints(t, 0, vocab).toArray();
            full[b] = net.logits(Tape.inference(), ids[b], 1).data;
        }
        Transformer.CausalStream stream = net.causalStream(batch);
        int k = net.config().outputVocab();
        for (int pos = 0; pos < t; pos++) {
            int p = pos;
            int[] rows = IntStream.range(0, batch).filter(b -> b != 1 || p <= stopAt).toArray();
            int[] in = new int[rows.length];
            for (int i = 0; i < rows.length; i++) in[i] = ids[rows[i]][pos];
            float[] logits = stream.next(rows, in);
            for (int i = 0; i < rows.length; i++) {
                assertArrayEquals(Arrays.copyOfRange(full[rows[i]], pos * k, (pos + 1) * k), Arrays.copyOfRange(logits, i * k, (i + 1) * k),
                        "sequence " + rows[i] + ", position " + pos);
            }
        }
        assertThrows(IllegalStateException.class, () -> stream.next(new int[] {0}, new int[] {0}));
    }

    /**
     * A decoder's streams share the dense weights it copied: one made before the blocks' matrices change still decodes
     * the old weights in every stream it makes, and a new decoder decodes the new ones.
     */
    @Test
    void aDecodersStreamsDecodeTheWeightsItWasMadeWith() {
        int vocab = 9;
        Transformer net = new Transformer(new TransformerConfig(2, 32, 4, 64, vocab, vocab - 1, 12, 0f, true, false).withRope(), 3);
        SplittableRandom r = new SplittableRandom(4);
        int[] ids = r.ints(12, 0, vocab).toArray();
        float[] before = net.logits(Tape.inference(), ids, 1).data;
        Transformer.Decoder old = net.decoder();
        assertArrayEquals(before, decodeAlone(old.causalStream(1), ids));
        net.hiddenMatrices().keySet().forEach(name -> {
            float[] w = net.parameters().asMap().get(name).data;
            for (int i = 0; i < w.length; i++) w[i] += (float) (0.1 * r.nextGaussian());
        });
        float[] after = net.logits(Tape.inference(), ids, 1).data;
        assertFalse(Arrays.equals(before, after), "the change must move the logits");
        assertArrayEquals(before, decodeAlone(old.causalStream(1), ids), "a second stream of the old decoder");
        assertArrayEquals(after, decodeAlone(net.decoder().causalStream(1), ids), "a new decoder");
    }

    /** One sequence decoded position by position: the logits of every position, in order. */
    private static float[] decodeAlone(Transformer.CausalStream stream, int[] ids) {
        float[] all = null;
        for (int pos = 0; pos < ids.length; pos++) {
            float[] row = stream.next(new int[] {0}, new int[] {ids[pos]});
            if (all == null) all = new float[ids.length * row.length];
            System.arraycopy(row, 0, all, pos * row.length, row.length);
        }
        return all;
    }

    @Test
    void bidirectionalNetworksHaveNoStream() {
        Transformer net = new Transformer(new TransformerConfig(1, 16, 2, 32, 5, 4, 8, 0f, false, false), 1);
        assertThrows(IllegalStateException.class, () -> net.causalStream(1));
    }
}
