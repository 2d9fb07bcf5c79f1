package io.ardm;

import io.ardm.ardm.Generation;
import io.ardm.ardm.Likelihood;
import io.ardm.ardm.Policy;
import io.ardm.ardm.StagePolicies;
import io.ardm.codec.SegmentedFileCodec;
import io.ardm.modality.Modality;
import io.ardm.run.LoadedModel;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A trained model, loaded by {@link Ardm#load}: an order-agnostic ARDM, an upscale ARDM or a left-to-right baseline,
 * for text in the text8 alphabet, bytes, or 32×32 colour images. It generates, fills in, scores and compresses.
 *
 * <p>Units: a <em>datapoint</em> is D symbols ({@link #length()}); a symbol is a character, a byte, or one colour
 * channel of one pixel. A <em>budget</em> is the number of network calls per datapoint and stage, 1 to D: fewer calls
 * are faster and cost more bits (the policies are the paper's DP-optimal ones); a left-to-right model's only budget is D.
 *
 * <p>Thread-safety: an {@code ArdmModel} is immutable (its weights are only read) and every method may be called from
 * several threads at once; each call gives the same result as it would alone.
 */
public final class ArdmModel {
    private final String name;
    private final LoadedModel model;
    private final String card;

    ArdmModel(String name, LoadedModel model, String card) {
        this.name = name;
        this.model = model;
        this.card = card;
    }

    /**
     * The model's name.
     *
     * @return the bundled name ({@code "bytes-ltr"}), or a checkpoint's file name
     */
    public String name() {
        return name;
    }

    /**
     * The model card: training data and its licence, command, steps, wall time, machine and test figures.
     *
     * @return the card's Markdown text; empty for a checkpoint without a {@code README.md} beside it
     */
    public String card() {
        return card;
    }

    /**
     * What the model's symbols are.
     *
     * @return the modality id: {@code "text8"}, {@code "bytes"} or {@code "image"}
     */
    public String modality() {
        return model.modality().id();
    }

    /**
     * D, the symbols of one datapoint.
     *
     * @return the model's length (250 for the bundled text models, 3,072 for a 32×32×3 image)
     */
    public int length() {
        return model.length();
    }

    /**
     * Whether the model generates in any order and in parallel (an ARDM), or left to right only (the baseline).
     *
     * @return false for a left-to-right baseline
     */
    public boolean orderAgnostic() {
        return !model.leftToRight();
    }

    /**
     * What the compressed files' headers name the model by.
     *
     * @return the 32-byte fingerprint (SHA-256 of configuration, weights, loss components and coding order)
     */
    public byte[] fingerprint() {
        return model.fingerprint().clone();
    }

    /**
     * The budget {@link #compress(byte[])} and {@link ArdmOutputStream} use.
     *
     * @return 50 network calls per segment, or D for a left-to-right model
     */
    public int defaultBudget() {
        return model.defaultBudget();
    }

    /**
     * One unconditional sample, rendered as text.
     *
     * @param budget network calls, 1..D (D for a left-to-right model)
     * @param seed   the random seed: the same seed gives the same sample on every machine
     * @return the sample as text (an image is drawn in characters; {@link #sampleBytes} gives its PNG)
     * @throws IllegalArgumentException for a budget outside 1..D, or other than D for a left-to-right model
     */
    public String sample(int budget, long seed) {
        return model.modality().render(sampleSymbols(budget, seed), null);
    }

    /**
     * One unconditional sample as a file of the model's modality.
     *
     * @param budget network calls, 1..D (D for a left-to-right model)
     * @param seed   the random seed: the same seed gives the same sample on every machine
     * @return the sample's bytes: text as its characters, an image as a 32×32 PNG
     * @throws IllegalArgumentException for a budget outside 1..D, or other than D for a left-to-right model
     */
    public byte[] sampleBytes(int budget, long seed) {
        return model.modality().datapointFile(sampleSymbols(budget, seed));
    }

    private int[] sampleSymbols(int budget, long seed) {
        StagePolicies policies = model.policies(budget); // also checks the budget, for the baseline too
        return model.sample(1, policies, 1f, new SplittableRandom(seed), (stage, x) -> { }).values();
    }

    /**
     * Fills in the blanks of a text with the model's sequential (budget D) policy.
     *
     * @param text  at most D characters of the model's alphabet, with {@code blank} where a character is unknown
     * @param blank the character that marks an unknown position (e.g. {@code '_'})
     * @param seed  the random seed
     * @return the text with every blank filled in
     * @throws IllegalArgumentException for a text model's unknown characters, a text longer than D, or a left-to-right
     *                                  model (which cannot condition on what comes after a blank)
     */
    public String infill(String text, char blank, long seed) {
        return infill(text, blank, length(), seed);
    }

    /**
     * Fills in the blanks of a text in at most {@code budget} network calls per stage, all spent on the unknown positions.
     *
     * @param text   at most D characters of the model's alphabet, with {@code blank} where a character is unknown
     * @param blank  the character that marks an unknown position
     * @param budget network calls, 1..D
     * @param seed   the random seed
     * @return the text with every blank filled in
     * @throws IllegalArgumentException as {@link #infill(String, char, long)}, and for a budget outside 1..D
     */
    public String infill(String text, char blank, int budget, long seed) {
        if (!orderAgnostic()) throw new IllegalArgumentException("a left-to-right model cannot fill in blanks; use an order-agnostic one");
        Modality.Masked masked = model.modality().parseMasked(text, blank);
        Generation.Result r = model.infill(masked, 1, model.infillPolicies(budget, masked.knownCount()), 1f, new SplittableRandom(seed), (stage, x) -> { });
        int n = masked.symbols().length;
        return model.modality().render(Arrays.copyOf(r.values(), n), null);
    }

    /**
     * The exact negative log-likelihood of {@code data} under the model in its fixed coding orders (budget D), the
     * data cut into D-symbol segments as the compressor cuts it.
     *
     * @param data a file of the model's modality (any bytes for a byte model, text8 text, a PNG)
     * @return bits per symbol (per character or byte; per sub-pixel for an image); 0 for empty data
     * @throws IllegalArgumentException when the data is not of the model's modality
     */
    public double bitsPerSymbol(byte[] data) {
        return model.fileCodec().nllBits(data, length()).perSymbol();
    }

    /**
     * A stochastic ELBO estimate and its standard error, as {@code ardm eval} reports them.
     *
     * @param bitsPerSymbol the estimate, bits per symbol
     * @param standardError its standard error
     * @param segments      the whole D-symbol segments it covers
     */
    public record Elbo(double bitsPerSymbol, double standardError, int segments) {}

    /**
     * The stochastic ELBO (spec §2.3: a random order and step per term) of the data's whole D-symbol segments, each
     * scored {@code passes} times; a trailing part shorter than D is left out (see {@link #bitsPerSymbol} for all).
     *
     * @param data   a file of the model's modality
     * @param passes terms per segment (more: a smaller standard error)
     * @param seed   the seed of the orders and steps
     * @return the estimate, or {@code null} when the data holds no whole segment
     * @throws IllegalArgumentException when the data is not of the model's modality, or for a left-to-right model
     */
    public Elbo elbo(byte[] data, int passes, long seed) {
        if (!orderAgnostic()) throw new IllegalArgumentException("a left-to-right model has no ELBO over orders: its exact NLL is bitsPerSymbol");
        int[] symbols = model.modality().toSymbols(data);
        int n = symbols.length / length();
        if (n == 0) return null;
        Likelihood.Estimate e = Likelihood.stochasticElbo(model.network(), model.process(), Arrays.copyOf(symbols, n * length()), n,
                model.policies(length()), passes, 16, seed);
        return new Elbo(e.bitsPerDim(), e.standardError(), n);
    }

    /**
     * {@link #bitsPerSymbol} symbol by symbol: what each symbol of {@code data} costs in the fixed coding orders, for
     * a heat map of where the model is surprised.
     *
     * @param data a file of the model's modality
     * @return bits per symbol, one entry per symbol (per sub-pixel for an image); their mean is {@link #bitsPerSymbol}
     * @throws IllegalArgumentException when the data is not of the model's modality
     */
    public double[] bitsPerPosition(byte[] data) {
        return model.fileCodec().nllBitsPerSymbol(data, length());
    }

    /**
     * The DP-optimal generation policy of a one-stage model: which steps share each network call.
     *
     * @param budget network calls, 1..D
     * @return the policy (its steps, boundaries and expected cost)
     * @throws IllegalStateException for an upscale model, which has one policy per stage ({@link #policies})
     */
    public Policy policy(int budget) {
        return model.policy(budget);
    }

    /**
     * The DP-optimal policy of every stage.
     *
     * @param budget network calls per stage, 1..D
     * @return one policy per stage (one for an OA-ARDM or the baseline)
     */
    public StagePolicies policies(int budget) {
        return model.policies(budget);
    }

    /**
     * Compresses data in memory with the {@link #defaultBudget}: the bytes of a {@code .ardm} file, identical to what
     * {@code ardm compress -m MODEL} writes for the same input.
     *
     * @param data the data (any bytes for a byte model)
     * @return the compressed file; never longer than the data plus one header per megabyte
     * @throws IllegalArgumentException when the data is not of the model's modality
     */
    public byte[] compress(byte[] data) {
        return compress(data, defaultBudget());
    }

    /**
     * Compresses data in memory with a given budget.
     *
     * @param data   the data
     * @param budget network calls per segment, 1..D (D for a left-to-right model)
     * @return the compressed file
     * @throws IllegalArgumentException when the data is not of the model's modality, or for a bad budget
     */
    public byte[] compress(byte[] data, int budget) {
        try {
            return model.fileCodec().compress(data, budget);
        } catch (IOException e) {
            throw new IllegalStateException("compressing in memory failed", e);
        }
    }

    /**
     * Decompresses a {@code .ardm} file written with this model (or stored, which needs none), any format version.
     *
     * @param compressed the file's bytes
     * @return the original data
     * @throws ArdmFormatException when the file is truncated, corrupt, or from another model
     */
    public byte[] decompress(byte[] compressed) throws ArdmFormatException {
        try {
            return model.fileCodec().decompress(compressed);
        } catch (ArdmFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("decompressing in memory failed", e);
        }
    }

    /**
     * A view of this model that can be stopped midway: before every network call it asks {@code stop}, and when
     * that answers true the running method ends with a {@link java.util.concurrent.CancellationException}. Results
     * that finish are the same, bit for bit, as this model's. A server uses it to drop work whose client went away.
     *
     * @param stop asked before every network call, from the thread that makes it; must be cheap and thread-safe
     * @return the stoppable view (same name, card and fingerprint)
     */
    public ArdmModel stoppingWhen(java.util.function.BooleanSupplier stop) {
        return new ArdmModel(name, model.stoppingWhen(stop), card);
    }

    /**
     * The model as the rest of the library sees it, for research code that goes below this API.
     *
     * @return the loaded model (weights, configuration, loss components, coding orders)
     */
    public LoadedModel loaded() {
        return model;
    }

    SegmentedFileCodec codec() {
        return model.fileCodec();
    }

    @Override
    public String toString() {
        return "ArdmModel[" + name + ", " + modality() + ", D=" + length() + (orderAgnostic() ? "" : ", left-to-right") + "]";
    }
}
