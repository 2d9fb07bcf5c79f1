package io.ardm.nn.arch;

import io.ardm.nn.AdamW;
import io.ardm.nn.Parameters;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.CrossEntropy;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** End to end: a 2-layer transformer, trained with AdamW on one fixed batch, drives its loss down by > 90%. */
class TransformerOverfitTest {
    @Test
    void twoLayerTransformerOverfitsAFixedBatch() {
        TransformerConfig config = new TransformerConfig(2, 32, 4, 64, 29, 28, 16, 0f, false, false);
        Transformer model = new Transformer(config, 1);
        AdamW adam = new AdamW(model.parameters(), new AdamW.Settings(0.9, 0.99, 1e-8, 0));
        SplittableRandom rng = new SplittableRandom(2);
        int batch = 4;
        int n = batch * config.seqLen();
        int[] targets = new int[n];
        int[] inputs = new int[n];
        for (int i = 0; i < n; i++) {
            targets[i] = 1 + rng.nextInt(27);
            inputs[i] = rng.nextInt(3) == 0 ? 28 : targets[i]; // a third absorbed, as in ARDM training
        }
        float[] weights = new float[n];
        Arrays.fill(weights, 1f / n);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 150; step++) {
            model.parameters().zeroGrad();
            Tape tape = Tape.training();
            Tensor logits = model.logits(tape, inputs, batch);
            Tensor loss = CrossEntropy.apply(tape, logits.reshape(-1, 28), targets, weights);
            tape.backward(loss);
            io.ardm.nn.GradClip.clipGlobalNorm(model.parameters(), 1.0);
            adam.step(3e-3);
            if (step == 0) first = loss.item();
            last = loss.item();
        }
        assertTrue(last < 0.1 * first, "loss fell from " + first + " to " + last);
    }
}
