package io.ardm.run;

import io.ardm.ardm.Objective;
import io.ardm.nn.AdamW;
import io.ardm.nn.GradClip;
import io.ardm.nn.Parameters;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;
import io.ardm.tensor.Workspace;
import java.util.List;
import java.util.SplittableRandom;

/** One optimisation step: sample a batch from the objective (σ and t for an ARDM), forward, backward, clip, AdamW. */
public final class TrainingStep {
    private final TrainableArdm net;
    private Objective objective;
    private final AdamW optimizer;
    private final double clipNorm;
    /** Every step has the same shapes: its activations and their gradients are the same buffers each time. */
    private final Workspace workspace = new Workspace();
    /** Rows per micro-batch; a step with more rows accumulates micro-batch gradients ({@link MicroBatches}). */
    private int microBatchRows = Integer.MAX_VALUE;
    private MicroBatchRunner runner = this::computeHere;
    /** Whether micro-batches are computed elsewhere, by an objective of their own. */
    private boolean computedElsewhere;

    /** Computes the gradients of a step's micro-batches with the network's current weights, in any order or place. */
    @FunctionalInterface
    public interface MicroBatchRunner {
        List<MicroBatches.Gradient> run(List<MicroBatches.Part> parts);
    }

    /** What one step measured: the loss, the per-item ELBO terms and the gradient norm before clipping. */
    public record Stats(double loss, Objective.ItemTerms terms, double gradNorm) {
        public double meanBits() {
            double s = 0;
            for (double v : terms.elboBits()) s += v;
            return s / terms.elboBits().length;
        }
    }

    public TrainingStep(TrainableArdm net, Objective objective, AdamW optimizer, double clipNorm) {
        this.net = net;
        this.objective = objective;
        this.optimizer = optimizer;
        this.clipNorm = clipNorm;
    }

    /**
     * Splits every step into micro-batches of {@code rows} rows whose gradients {@code runner} computes (null: here, one
     * after another) and that are summed in order: the same bits however they are spread.
     */
    public TrainingStep inMicroBatches(int rows, MicroBatchRunner runner) {
        if (rows < 1) throw new IllegalArgumentException("a micro-batch needs at least one row, got " + rows);
        this.microBatchRows = rows;
        this.runner = runner != null ? runner : this::computeHere;
        this.computedElsewhere = runner != null;
        return this;
    }

    /** Draws the next steps' batches from {@code next} (the decay's sampler of t); not where micro-batches are computed elsewhere. */
    public void drawFrom(Objective next) {
        if (computedElsewhere) throw new IllegalStateException("micro-batches computed elsewhere draw from their own objective");
        objective = next;
    }

    private List<MicroBatches.Gradient> computeHere(List<MicroBatches.Part> parts) {
        return parts.stream().map(p -> MicroBatches.compute(net, objective, p, workspace)).toList();
    }

    /** Bytes of the step's activations and their gradients, kept from one step to the next (0 before the first). */
    public long workspaceBytes() {
        return workspace.bytes();
    }

    /** {@code data}: [batch, D] class ids. */
    public Stats run(int[] data, int batch, double learningRate, SplittableRandom rng) {
        if (batch > microBatchRows) return runInMicroBatches(data, batch, learningRate, rng);
        Objective.Batch b = objective.sample(data, batch, rng);
        Parameters params = net.parameters();
        params.zeroGrad();
        float[] rowNll = new float[b.targets().length];
        float lossValue;
        try (Workspace.Scope scope = workspace.enter()) {
            Tape tape = Tape.training(rng);
            Tensor logits = net.logits(tape, b.input(), b.lossRows(Workspace.ROW_MULTIPLE));
            Tensor loss = objective.loss(tape, logits, b, rowNll);
            tape.backward(loss);
            lossValue = loss.item();
        }
        double norm = GradClip.clipGlobalNorm(params, clipNorm);
        optimizer.step(learningRate);
        return new Stats(lossValue, objective.terms(b, rowNll), norm);
    }

    private Stats runInMicroBatches(int[] data, int batch, double learningRate, SplittableRandom rng) {
        List<MicroBatches.Part> parts = MicroBatches.split(data, batch, microBatchRows, net.length(), rng);
        MicroBatches.Sum sum = MicroBatches.sumInto(net.parameters(), runner.run(parts));
        double norm = GradClip.clipGlobalNorm(net.parameters(), clipNorm);
        optimizer.step(learningRate);
        return new Stats(sum.loss(), sum.terms(), norm);
    }
}
