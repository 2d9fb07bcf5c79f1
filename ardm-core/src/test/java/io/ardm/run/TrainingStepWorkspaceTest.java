package io.ardm.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.ardm.Objective;
import io.ardm.modality.Modalities;
import io.ardm.modality.Modality;
import io.ardm.nn.AdamW;
import io.ardm.nn.GradClip;
import io.ardm.nn.Parameters;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A training step reuses its buffers from one step to the next (and a dead gradient's within the step): the parameters
 * it trains are bit for bit those of the same steps with every buffer allocated afresh and the whole network's logits
 * (the step asks a transformer for the loss's positions alone), for each kind of network.
 */
class TrainingStepWorkspaceTest {
    /** Step seeds: the last repeats the first, so its σ, t and shapes are the first's. */
    private static final int[] SEEDS = {0, 1, 2, 0};
    private static final int STEPS = SEEDS.length;

    @ParameterizedTest
    @ValueSource(strings = {"text8", "image", "audio"})
    void stepsInTheWorkspaceTrainTheSameBitsAsStepsWithout(String modality) {
        Modality m = Modalities.of(modality);
        RunConfig config = RunConfig.preset("tiny", m);
        int batch = 2;
        int[] data = new int[batch * config.length()];
        SplittableRandom values = new SplittableRandom(3);
        for (int i = 0; i < data.length; i++) data[i] = values.nextInt(m.classes());
        Objective objective = config.objective();

        TrainableArdm reused = ModelKinds.build(config, 0);
        TrainingStep step = new TrainingStep(reused, objective, optimizer(reused), 0.25);
        long[] workspace = new long[STEPS];
        for (int s = 0; s < STEPS; s++) {
            step.run(data, batch, 1e-3, new SplittableRandom(SEEDS[s]));
            workspace[s] = step.workspaceBytes();
        }

        TrainableArdm fresh = ModelKinds.build(config, 0);
        AdamW adam = optimizer(fresh);
        for (int s = 0; s < STEPS; s++) {
            SplittableRandom rng = new SplittableRandom(SEEDS[s]);
            Objective.Batch b = objective.sample(data, batch, rng);
            Parameters p = fresh.parameters();
            p.zeroGrad();
            Tape tape = Tape.training(rng);
            Tensor loss = objective.loss(tape, fresh.logits(tape, b.input()), b, new float[b.targets().length]);
            tape.backward(loss);
            GradClip.clipGlobalNorm(p, 0.25);
            adam.step(1e-3);
        }

        var a = reused.parameters().asMap();
        var f = fresh.parameters().asMap();
        assertEquals(f.keySet(), a.keySet());
        for (String name : f.keySet()) {
            assertTrue(java.util.Arrays.equals(f.get(name).data, a.get(name).data), name + " differs after " + STEPS + " steps");
        }
        assertTrue(workspace[0] > 0, "the step kept its buffers");
        // A transformer's last block holds as many rows as the step's loss reads, so a step replaces those buffers
        // whose size differs from the last step's; nothing accumulates: a step shaped as the first leaves what it left.
        assertEquals(workspace[0], workspace[STEPS - 1], "a step with the first step's shapes holds the first step's buffers");
    }

    private static AdamW optimizer(TrainableArdm net) {
        return new AdamW(net.parameters(), new AdamW.Settings(0.9, 0.99, 1e-8, 1e-3));
    }
}
