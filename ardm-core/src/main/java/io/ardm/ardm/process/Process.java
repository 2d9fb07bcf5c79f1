package io.ardm.ardm.process;

import io.ardm.ardm.Order;
import io.ardm.tensor.Tape;
import io.ardm.tensor.Tensor;

/**
 * How an ARDM destroys and rebuilds a datapoint (paper §3): S stages, each an order-agnostic pass over the D positions
 * in its own order σ. Before stage g reveals a position holding datum x it shows {@link #hidden}(g, x); after, it shows
 * {@link #revealed}(g, x), and after the last stage x itself. A step picks one of {@link #choices} symbols per revealed
 * position, from a distribution the process reads off the network's logits given the hidden value. The OA-ARDM is one
 * stage whose hidden value is the absorbing state ({@link AbsorbingProcess}); upscale ARDMs refine coarser values stage
 * by stage. Generation, likelihoods and the coder see data only through this interface.
 */
public interface Process {
    /** D: positions per datapoint. */
    int length();

    /** S: stages. */
    int stages();

    /** S·D: generation steps in all (the global step of stage g, step t is g·D + t). */
    default int steps() {
        return stages() * length();
    }

    /** K: data classes. */
    int classes();

    /** Logits the network gives per position: K, or S·b for the upscale ARDM's direct parametrization. */
    default int logitsPerPosition() {
        return classes();
    }

    /** The value every position holds before generation starts. */
    int initial();

    /** What a position holding {@code x} shows before stage {@code stage} reveals it (its value after the previous stage). */
    int hidden(int stage, int x);

    /** What it shows once stage {@code stage} has revealed it. */
    int revealed(int stage, int x);

    /** Symbols one step of a stage chooses among (what the coder codes). */
    int choices(int stage);

    /** The symbol that a stage's step chooses for datum {@code x}. */
    int choiceOf(int stage, int x);

    /** The value a position shows after choosing {@code choice} from {@code hiddenValue} in a stage. */
    int valueAfter(int stage, int hiddenValue, int choice);

    /**
     * The distribution over a stage's choices at one position: {@code logits[offset ..]} are the network's outputs
     * there, {@code hiddenValue} what the position shows now; softmax at {@code temperature} (1 for likelihoods and
     * coding, which must be deterministic: spec numerics). Writes {@link #choices} probabilities into {@code probs}.
     */
    void choiceProbabilities(float[] logits, int offset, int stage, int hiddenValue, float temperature, double[] probs);

    /** log p(revealed(stage, x) | hidden(stage, x)) in nats, from the logits at one position. */
    double logProb(float[] logits, int offset, int stage, int x);

    /**
     * The training loss Σ weights·(−log p(target)) over positions (the targets are data; item b is in stage
     * {@code globalSteps[b] / D}), writing each position's −log p into {@code rowNll} (nats; 0 where the weight is 0),
     * recorded on the tape for backward.
     */
    Tensor loss(Tape tape, Tensor logits, int[] globalSteps, int[] targets, float[] weights, float[] rowNll);

    /**
     * Writes what the network sees of datum x (D values from {@code xOff}) at step t of a stage under order σ: revealed
     * values where σ &lt; t, hidden ones elsewhere, and the mask.
     */
    default void show(int[] x, int xOff, Order order, int stage, int t, int[] values, boolean[] revealedMask, int off) {
        int d = length();
        for (int j = 0; j < d; j++) {
            boolean shown = order.isKnownBefore(j, t);
            values[off + j] = shown ? revealed(stage, x[xOff + j]) : hidden(stage, x[xOff + j]);
            revealedMask[off + j] = shown;
        }
    }
}
