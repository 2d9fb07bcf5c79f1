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
    @ParameterizedTest(name = "alibi {0}")
    @ValueSource(booleans = {false, true})
    void everyPositionMatchesTheFullForwardBitForBit(boolean alibi) {
        int t = 37;
        int vocab = 11;
        Transformer net = new Transformer(new TransformerConfig(2, 48, 4, 96, vocab, vocab - 1, t, 0f, true, alibi), 5);
        // Weights away from their initial values, so the check does not rest on tiny biases.
        SplittableRandom r = new SplittableRandom(9);
        net.parameters().asMap().values().forEach(p -> {
            for (int i = 0; i < p.data.length; i++) p.data[i] += (float) (0.05 * r.nextGaussian());
        });
        int[] ids = r.ints(t, 0, vocab).toArray();
        float[] full = net.logits(Tape.inference(), ids, 1).data;
        Transformer.CausalStream stream = net.causalStream();
        int k = vocab - 1;
        for (int pos = 0; pos < t; pos++) {
            assertArrayEquals(Arrays.copyOfRange(full, pos * k, (pos + 1) * k), stream.next(ids[pos]), "position " + pos);
        }
        assertThrows(IllegalStateException.class, () -> stream.next(0));
    }

    @Test
    void bidirectionalNetworksHaveNoStream() {
        Transformer net = new Transformer(new TransformerConfig(1, 16, 2, 32, 5, 4, 8, 0f, false, false), 1);
        assertThrows(IllegalStateException.class, net::causalStream);
    }
}
