package io.ardm.run;

import io.ardm.ardm.process.UpscaleProcess;
import io.ardm.modality.image.ImageModality;
import io.ardm.nn.CheckpointException;
import java.nio.file.Path;
import java.util.Map;

/** The registry of network kinds, keyed by the {@code kind} a checkpoint stores in its metadata. */
public final class ModelKinds {
    /** A transformer ARDM (OA or left-to-right) on any modality. */
    public static final String TRANSFORMER = "transformer-ardm";
    /** A U-Net ARDM (OA or upscale) on images. */
    public static final String UNET = "unet-ardm";
    /** A WaveNet upscale ARDM (direct parametrization) on audio. */
    public static final String WAVENET = "wavenet-ardm";
    /** Checkpoints written before modalities existed: a transformer on text8. */
    static final String LEGACY_TEXT = "text-oa-ardm";

    private static final ModelSupport TRANSFORMER_SUPPORT =
            (config, seed) -> new TransformerArdm(config.model(), seed, config.data().unusedClasses());
    private static final ModelSupport UNET_SUPPORT = (config, seed) -> new UNetArdm(ImageModality.TILE, ImageModality.TILE,
            ImageModality.CHANNELS, config.data().classes(), config.process().stages(), config.process().logitsPerPosition(), config.unet().features(),
            config.unet().resBlocks(), config.unet().groups(), config.unet().readsInput(), seed);
    private static final ModelSupport WAVENET_SUPPORT = (config, seed) -> new WaveNetArdm(config.length(),
            config.data().classes(), config.process().stages(), config.process().logitsPerPosition(),
            config.process() instanceof UpscaleProcess up ? up.transitions() : null,
            config.wavenet().channels(), config.wavenet().blocks(), config.wavenet().dilationCycle(), config.wavenet().relativeWindow(), seed);
    private static final Map<String, ModelSupport> KINDS =
            Map.of(TRANSFORMER, TRANSFORMER_SUPPORT, UNET, UNET_SUPPORT, WAVENET, WAVENET_SUPPORT, LEGACY_TEXT, TRANSFORMER_SUPPORT);

    private ModelKinds() {}

    /** The support for a checkpoint's kind; an unknown kind is a one-line error naming the file. */
    public static ModelSupport of(Path file, String kind) throws CheckpointException {
        ModelSupport support = KINDS.get(kind);
        if (support == null) {
            throw new CheckpointException(file, "not an ardm model checkpoint (kind '" + kind + "'; this build knows "
                    + String.join(", ", new java.util.TreeSet<>(KINDS.keySet())) + ")");
        }
        return support;
    }

    /** The kind a run config's network is stored as. */
    public static String kindOf(RunConfig config) {
        return config.unet() != null ? UNET : config.wavenet() != null ? WAVENET : TRANSFORMER;
    }

    /** The network a run config describes. */
    public static TrainableArdm build(RunConfig config, long seed) {
        return KINDS.get(kindOf(config)).build(config, seed);
    }
}
