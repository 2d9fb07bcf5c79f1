package io.ardm.nn.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ardm.tensor.Tape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CausalStreamTest {
    @ParameterizedTest(name = "positions {0}")
    @ValueSource(strings = {"sinusoidal", "alibi", "rope"})
    void everyPositionOfEverySequenceMatchesTheFullForwardBitForBit(String positions) {
        int t = 37;
        int vocab = 11;
        TransformerConfig config = new TransformerConfig(2, 48, 4, 96, vocab, vocab - 1, t, 0f, true, positions.equals("alibi"));
        Transformer net = new Transformer(positions.equals("rope") ? config.withRope() : config, 5);
        // Weights away from their initial values, so the check does not rest on tiny biases.
        SplittableRandom r = new SplittableRandom(9);
        net.parameters().asMap().values().forEach(p -> {
            for (int i = 0; i < p.data.length; i++) p.data[i] += (float) (0.05 * r.nextGaussian());
        });
        int batch = 3;
        int[][] ids = new int[batch][];
        float[][] full = new float[batch][];
        for (int b = 0; b < batch; b++) {
            ids[b] = r.ints(t, 0, vocab).toArray();
            full[b] = net.logits(Tape.inference(), ids[b], 1).data;
        }
        // Three sequences side by side; the middle one stops after position 20, as a short last segment would.
        Transformer.CausalStream stream = net.causalStream(batch);
        int k = vocab - 1;
        for (int pos = 0; pos < t; pos++) {
            int[] rows = pos <= 20 ? new int[] {0, 1, 2} : new int[] {0, 2};
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

    @Test
    void bidirectionalNetworksHaveNoStream() {
        Transformer net = new Transformer(new TransformerConfig(1, 16, 2, 32, 5, 4, 8, 0f, false, false), 1);
        assertThrows(IllegalStateException.class, () -> net.causalStream(1));
    }
}
