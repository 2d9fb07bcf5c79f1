package io.ardm.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ardm.ardm.LossComponents;
import io.ardm.nn.AdamW;
import io.ardm.nn.Checkpoint;
import io.ardm.nn.CheckpointException;
import io.ardm.nn.Parameters;
import io.ardm.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's checkpoint: the run config (as the checkpoint's config JSON), live and EMA weights, the optimiser
 * state, the loss-component tracker and the training position. Inference uses the EMA weights (spec §6).
 */
public final class RunCheckpoint {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMPONENTS = "loss_components.ema";
    private static final String COMPONENT_COUNTS = "loss_components.count";
    private static final String CODING_ORDER_SEED = "coding_order.seed";
    /** The coding order of a model whose order was never searched (see {@link #storeCodingOrderSeed}). */
    public static final long DEFAULT_CODING_ORDER_SEED = 0;

    private RunCheckpoint() {}

    /**
     * Where a run is: the number of optimiser steps done and the data stream position.
     *
     * @param trainBits the displayed train-loss EMA (NaN before the first step), so --resume continues its curve
     */
    public record Progress(long step, long cropPosition, double elapsedSeconds, double trainBits) {}

    static void save(Path file, RunConfig config, Parameters live, Parameters ema, AdamW optimizer, LossComponents components,
                     Progress progress) throws IOException {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("kind", ModelKinds.kindOf(config));
        meta.put("step", progress.step());
        meta.put("crop_position", progress.cropPosition());
        meta.put("elapsed_seconds", progress.elapsedSeconds());
        if (!Double.isNaN(progress.trainBits())) meta.put("train_bpc_ema", progress.trainBits());
        new Checkpoint(config, meta)
                .withTensors(Checkpoint.PARAMS, live)
                .withTensors(Checkpoint.EMA, ema)
                .withOptimizer(optimizer.state())
                .withArray(COMPONENTS, components.emaValues())
                .withArray(COMPONENT_COUNTS, Arrays.stream(components.counts()).asDoubleStream().toArray())
                .save(file);
    }

    /** Rewrites a checkpoint with other loss components (everything else unchanged). */
    public static void replaceComponents(Path file, LossComponents components) throws IOException {
        Checkpoint c = Checkpoint.load(file);
        if (c.array(COMPONENTS).length != components.steps()) {
            throw new CheckpointException(file, "the model has " + c.array(COMPONENTS).length + " steps, the components " + components.steps());
        }
        c.withArray(COMPONENTS, components.emaValues())
                .withArray(COMPONENT_COUNTS, Arrays.stream(components.counts()).asDoubleStream().toArray())
                .save(file);
    }

    /** Rewrites a checkpoint with another coding order (the seed of σ; exact in a double up to 2^53). */
    public static void storeCodingOrderSeed(Path file, long seed) throws IOException {
        Checkpoint.load(file).withArray(CODING_ORDER_SEED, new double[] {seed}).save(file);
    }

    /**
     * Writes what inference needs of a run's checkpoint, and nothing else: config, metadata, the EMA weights (rounded
     * to float16 when {@code half}), the loss components and the coding order. No live weights or optimiser state,
     * so it cannot resume training; a third of the size in float32, a sixth in float16.
     */
    public static void exportForInference(Path from, Path to, boolean half) throws IOException {
        Checkpoint c = Checkpoint.load(from, Set.of(Checkpoint.EMA));
        readConfig(from, c);
        Checkpoint out = new Checkpoint(c.config(), c.metadata());
        Map<String, Tensor> ema = c.tensors(Checkpoint.EMA);
        if (half) out.withHalfTensors(Checkpoint.EMA, ema);
        else out.withTensors(Checkpoint.EMA, ema);
        for (String name : List.of(COMPONENTS, COMPONENT_COUNTS, CODING_ORDER_SEED)) {
            if (c.hasArray(name)) out.withArray(name, c.array(name));
        }
        out.save(to);
    }

    /** Loads the EMA weights for inference (sampling, evaluation, coding), through the registry of model kinds. */
    public static LoadedModel loadForInference(Path file) throws IOException {
        Checkpoint c = Checkpoint.load(file, Set.of(Checkpoint.EMA));
        ModelSupport support = ModelKinds.of(file, c.metadata().path("kind").asText());
        RunConfig config = readConfig(file, c);
        TrainableArdm net = support.build(config, 0);
        c.restore(Checkpoint.EMA, net.parameters());
        LossComponents components = components(c);
        long orderSeed = c.hasArray(CODING_ORDER_SEED) ? (long) c.array(CODING_ORDER_SEED)[0] : DEFAULT_CODING_ORDER_SEED;
        return new LoadedModel(config, net, components, progress(c), orderSeed, codingFingerprint(c.fingerprint(), components, orderSeed));
    }

    /** Where a resumed run stopped, with the loss components it had tracked. */
    record Resumed(Progress progress, LossComponents components) {}

    /** Restores weights and optimiser state in place to continue training. */
    static Resumed restoreTraining(Path file, Checkpoint c, Parameters live, Parameters ema, AdamW optimizer, int steps)
            throws CheckpointException {
        c.restore(Checkpoint.PARAMS, live);
        c.restore(Checkpoint.EMA, ema);
        c.restoreOptimizer(optimizer);
        LossComponents saved = components(c);
        if (saved.steps() != steps) throw new CheckpointException(file, "loss components cover " + saved.steps() + " steps, the model " + steps);
        return new Resumed(progress(c), saved);
    }

    /** The run config a checkpoint was trained with (what {@code train --resume} continues when told no other). */
    public static RunConfig config(Path file) throws IOException {
        return readConfig(file, Checkpoint.load(file, Set.of()));
    }

    static RunConfig readConfig(Path file, Checkpoint c) throws CheckpointException {
        ModelKinds.of(file, c.metadata().path("kind").asText());
        try {
            return JSON.treeToValue(c.config(), RunConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new CheckpointException(file, "unreadable run config: " + e.getMessage());
        }
    }

    /** SHA-256 over the weights' fingerprint, the loss components (they decide the policies) and the coding order. */
    private static byte[] codingFingerprint(byte[] weights, LossComponents components, long orderSeed) {
        ByteBuffer values = ByteBuffer.allocate(16 * components.steps() + 8);
        for (double v : components.emaValues()) values.putDouble(v);
        for (long c : components.counts()) values.putLong(c);
        values.putLong(orderSeed);
        return sha256(weights, values.array());
    }

    /** SHA-256 of the parts, one after another: how coding fingerprints are derived. */
    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) sha.update(part);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    private static LossComponents components(Checkpoint c) throws CheckpointException {
        double[] counts = c.array(COMPONENT_COUNTS);
        return LossComponents.restore(c.array(COMPONENTS), Arrays.stream(counts).mapToLong(v -> (long) v).toArray());
    }

    private static Progress progress(Checkpoint c) {
        JsonNode meta = c.metadata();
        return new Progress(meta.path("step").asLong(), meta.path("crop_position").asLong(), meta.path("elapsed_seconds").asDouble(),
                meta.has("train_bpc_ema") ? meta.get("train_bpc_ema").asDouble() : Double.NaN);
    }
}
