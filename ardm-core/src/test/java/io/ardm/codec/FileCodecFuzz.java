package io.ardm.codec;

import io.ardm.ardm.Order;
import io.ardm.ardm.Policy;
import io.ardm.ardm.StagePolicies;
import io.ardm.ardm.process.AbsorbingProcess;
import io.ardm.modality.Modalities;
import io.ardm.modality.image.ImageModality;
import io.ardm.modality.Modality;
import io.ardm.run.TransformerArdm;
import io.ardm.nn.arch.TransformerConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Round trips of whole files through tiny random transformers (random model seeds, lengths, texts and budgets),
 * then damaged copies (bit flips, truncation, extra bytes, another model): each must either fail with an
 * {@link IOException} carrying a message, or decode to exactly the original. Anything else is a failure.
 */
final class FileCodecFuzz {
    static final int D = 24;
    /** The largest header these codecs write: 67 bytes + the modality id ("bytes", "text8"). */
    private static final int HEADER_BYTES = 72;

    /** Every round trip is followed by one damaged copy: {@code rejected} of them gave an error, the rest the original. */
    record Outcome(int roundTrips, int rejected, int decodedIdentically) {}

    private FileCodecFuzz() {}

    /** A tiny random text8 model. */
    static SegmentedFileCodec codec(long modelSeed) {
        return codec(Modalities.TEXT8, modelSeed);
    }

    static SegmentedFileCodec codec(Modality modality, long modelSeed) {
        int k = modality.classes();
        TransformerArdm net = new TransformerArdm(new TransformerConfig(1, 16, 2, 32, k + 1, k, D, 0f, false, false), modelSeed,
                modality.unusedClasses());
        byte[] fingerprint = ByteBuffer.allocate(32).putLong(modelSeed).array();
        return new SegmentedFileCodec(modality, net, new AbsorbingProcess(D, k), fingerprint,
                new Order[] {Order.random(D, new SplittableRandom(modelSeed))}, b -> StagePolicies.of(Policy.naive(D, b)));
    }

    /**
     * An image codec over a tiny upscale-4 U-Net whose zero-initialised read-out is filled with seeded noise, so its
     * distributions are far from uniform, and a 64×32 picture it codes smaller than PNG does: two of its own samples side by side.
     */
    record ImageCase(SegmentedFileCodec codec, byte[] png) {}

    static ImageCase imageCase(long seed) {
        io.ardm.ardm.process.Process process = new io.ardm.ardm.process.UpscaleProcess(ImageModality.LENGTH,
                io.ardm.ardm.process.ZeroLeastSignificant.of(256, 4));
        io.ardm.run.UNetArdm net = new io.ardm.run.UNetArdm(32, 32, 3, 256, process.stages(), process.logitsPerPosition(), 8, 1, 2, false, seed);
        SplittableRandom noise = new SplittableRandom(seed);
        for (String name : net.parameters().names()) {
            if (!name.startsWith("conv_out")) continue;
            float[] w = net.parameters().get(name).data;
            for (int i = 0; i < w.length; i++) w[i] = (float) (noise.nextGaussian() * 0.3);
        }
        StagePolicies policies = StagePolicies.naive(process.stages(), ImageModality.LENGTH, 4);
        int[] sample = io.ardm.ardm.Generation.sample(net, process, 2, policies, 1f, new SplittableRandom(seed + 1)).values();
        Order[] orders = new Order[process.stages()];
        SplittableRandom orderRng = new SplittableRandom(seed + 2);
        for (int g = 0; g < orders.length; g++) orders[g] = Order.random(ImageModality.LENGTH, orderRng);
        byte[] fingerprint = ByteBuffer.allocate(32).putLong(seed).putLong(4).array();
        SegmentedFileCodec codec = new SegmentedFileCodec(Modalities.IMAGE, net, process, fingerprint, orders,
                b -> StagePolicies.naive(process.stages(), ImageModality.LENGTH, b));
        return new ImageCase(codec, io.ardm.modality.image.Png.write(ImageModality.picture(sample, ImageModality.metadata(64, 32, 3))));
    }

    static Outcome run(long seed, int roundTrips) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        // Text8 models on text8 text, and a byte model on arbitrary bytes (often stored: a random model gains nothing).
        SegmentedFileCodec[] models = {codec(1), codec(2), codec(3), codec(Modalities.BYTES, 4)};
        int rejected = 0, identical = 0;
        for (int i = 0; i < roundTrips; i++) {
            int m = rng.nextInt(models.length);
            int length = rng.nextInt(4) == 0 ? rng.nextInt(3) : rng.nextInt(5 * D);
            byte[] text = m == 3 ? randomBytes(rng, length) : randomText(rng, length);
            int budget = 1 + rng.nextInt(D);
            byte[] packed = models[m].compress(text, budget);
            if (packed.length > text.length + HEADER_BYTES) throw new AssertionError("file " + i + " grew by more than its header");
            byte[] back = models[m].decompress(packed);
            if (!Arrays.equals(text, back)) throw new AssertionError("round trip " + i + " failed (model " + m + ", budget " + budget + ")");

            byte[] broken = damage(packed, rng);
            SegmentedFileCodec decoder = rng.nextInt(8) == 0 ? models[(m + 1) % models.length] : models[m];
            try {
                byte[] out = decoder.decompress(broken);
                if (!Arrays.equals(out, text)) throw new AssertionError("damaged file " + i + " decoded to different text without an error");
                identical++;
            } catch (IOException e) {
                if (e.getMessage() == null || e.getMessage().isBlank()) throw new AssertionError("error without a message", e);
                rejected++;
            }
        }
        return new Outcome(roundTrips, rejected, identical);
    }

    /** Bytes, most of them drawn from a few values so that a model could gain on some records. */
    private static byte[] randomBytes(SplittableRandom rng, int length) {
        byte[] t = new byte[length];
        for (int j = 0; j < length; j++) t[j] = (byte) (rng.nextBoolean() ? rng.nextInt(256) : 'a' + rng.nextInt(4));
        return t;
    }

    private static byte[] randomText(SplittableRandom rng, int length) {
        byte[] t = new byte[length];
        for (int j = 0; j < length; j++) t[j] = (byte) (rng.nextInt(6) == 0 ? ' ' : 'a' + rng.nextInt(26));
        return t;
    }

    private static byte[] damage(byte[] packed, SplittableRandom rng) {
        return switch (rng.nextInt(4)) {
            case 0 -> Arrays.copyOf(packed, rng.nextInt(packed.length)); // truncated
            case 1 -> {
                byte[] b = Arrays.copyOf(packed, packed.length + 1 + rng.nextInt(8)); // trailing bytes
                b[packed.length] = (byte) rng.nextInt(256);
                yield b;
            }
            default -> {
                byte[] b = packed.clone();
                int flips = 1 + rng.nextInt(3);
                for (int f = 0; f < flips; f++) b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
                yield b;
            }
        };
    }
}
