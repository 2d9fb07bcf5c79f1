package io.ardm.model;

import io.ardm.ardm.OaObjective;
import io.ardm.nn.AdamW;
import io.ardm.nn.GradClip;
import io.ardm.nn.Parameters;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.op.CrossEntropy;
import java.util.SplittableRandom;

/** One optimisation step of the ARDM objective: sample σ and t, forward, backward, clip, AdamW. */
public final class TrainingStep {
    private final TrainableArdm net;
    private final OaObjective objective;
    private final AdamW optimizer;
    private final double clipNorm;

    /** What one step measured: the loss, the per-item ELBO terms and the gradient norm before clipping. */
    public record Stats(double loss, OaObjective.ItemTerms terms, double gradNorm) {
        public double meanBits() {
            double s = 0;
            for (double v : terms.elboBits()) s += v;
            return s / terms.elboBits().length;
        }
    }

    public TrainingStep(TrainableArdm net, OaObjective objective, AdamW optimizer, double clipNorm) {
        this.net = net;
        this.objective = objective;
        this.optimizer = optimizer;
        this.clipNorm = clipNorm;
    }

    /** {@code data}: [batch, D] class ids. */
    public Stats run(int[] data, int batch, double learningRate, SplittableRandom rng) {
        OaObjective.Batch b = objective.sample(data, batch, rng);
        Parameters params = net.parameters();
        params.zeroGrad();
        Tape tape = Tape.training(rng);
        Tensor logits = net.logits(tape, b.inputs(), b.steps(), batch);
        float[] rowNll = new float[b.inputs().length];
        Tensor loss = CrossEntropy.apply(tape, logits.reshape(-1, net.classes()), b.targets(), b.weights(), rowNll);
        tape.backward(loss);
        double norm = GradClip.clipGlobalNorm(params, clipNorm);
        optimizer.step(learningRate);
        return new Stats(loss.item(), objective.terms(b, rowNll), norm);
    }
}
