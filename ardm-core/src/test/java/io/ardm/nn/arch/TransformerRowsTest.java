package io.ardm.nn.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ardm.nn.Parameters;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The logits of some positions alone (a loss that reads only those) are the whole call's, and so are the gradients. */
class TransformerRowsTest {
    @Test
    void someRowsGiveTheWholeCallsLogitsAndGradients() {
        int vocab = 9, t = 11, batch = 3;
        TransformerConfig[] configs = {
                new TransformerConfig(3, 32, 4, 64, vocab, vocab - 1, t, 0f, false, false).withRope(),
                new TransformerConfig(2, 24, 2, 40, vocab, vocab - 1, t, 0f, false, true),
                new TransformerConfig(2, 24, 2, 40, vocab, vocab - 1, t, 0f, true, false)};
        for (TransformerConfig config : configs) {
            Transformer net = new Transformer(config, 7);
            SplittableRandom random = new SplittableRandom(3);
            int[] ids = new int[batch * t];
            for (int i = 0; i < ids.length; i++) ids[i] = random.nextInt(vocab);
            int[] rows = {0, 4, 5, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 30}; // item 1 whole
            int k = config.outputVocab();
            float[] seed = new float[batch * t * k];
            for (int row : rows) for (int c = 0; c < k; c++) seed[row * k + c] = (float) random.nextGaussian();

            Parameters params = net.parameters();
            params.zeroGrad();
            Tape whole = Tape.training();
            Tensor all = net.logits(whole, ids, batch);
            whole.backward(all, seed);
            float[] wholeGradients = params.flatGradients();

            params.zeroGrad();
            Tape some = Tape.training();
            Tensor part = net.logits(some, ids, batch, rows);
            some.backward(part, seed);
            float[] partGradients = params.flatGradients();

            for (int row = 0; row < batch * t; row++) {
                boolean asked = java.util.Arrays.binarySearch(rows, row) >= 0;
                for (int c = 0; c < k; c++) {
                    float expected = asked ? all.data[row * k + c] : 0f;
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(part.data[row * k + c]), config + " row " + row);
                }
            }
            // Equal as floats: the whole call adds exact zeros for the rows not asked, which can only turn a −0 into +0.
            for (int i = 0; i < wholeGradients.length; i++) assertEquals(wholeGradients[i], partGradients[i], 0f, config + " gradient " + i);
        }
    }
}
