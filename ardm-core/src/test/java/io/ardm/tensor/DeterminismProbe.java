package io.ardm.tensor;

import io.ardm.nn.arch.Transformer;
import io.ardm.nn.arch.TransformerConfig;
import io.ardm.nn.arch.UNet;
import io.ardm.nn.arch.WaveNet;
import io.ardm.nn.arch.WaveNetConfig;
import io.ardm.nn.arch.UNetConfig;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Computes a fingerprint of a small transformer's logits and a small U-Net's outputs (random weights, so no branch is
 * zero): the SHA-256 of the raw float bits of item 0, once alone and once inside a batch of 8. Run in fresh JVMs (other species, -Xint, other thread counts) by
 * {@link DeterminismTest}; prints "alone-hash batched-hash".
 */
public final class DeterminismProbe {
    /**
     * Big enough that inside a batch of 8 the projections (384×384×128 = 19M FMAs) take GEMM's multi-threaded path,
     * while the same item alone (48 rows) takes the single-threaded one.
     */
    static final TransformerConfig CONFIG = new TransformerConfig(2, 128, 4, 256, 29, 28, 48, 0f, false, false);

    /** The same with rotary positions and ALiBi, the two other ways it can see positions. */
    static final TransformerConfig ROTARY = CONFIG.withRope().withAlibi();

    public static void main(String[] args) throws Exception {
        if (args.length > 0) Parallel.setThreads(Integer.parseInt(args[0]));
        System.out.println(fingerprint(1) + " " + fingerprint(8));
    }

    /** A U-Net with every block active at 8×8, small enough to run under -Xint. */
    static final UNetConfig UNET = new UNetConfig(5, 12, 8, 8, 16, 1, 4, 64);

    /** A WaveNet whose dilations (1, 2, 4) reach past both ends of its 96 samples, small enough for -Xint. */
    static final WaveNetConfig WAVENET = new WaveNetConfig(6, 8, 16, 3, 3, 384);

    static String fingerprint(int batch) throws Exception {
        return transformerFingerprint(CONFIG, batch) + "+" + transformerFingerprint(ROTARY, batch) + "+" + unetFingerprint(batch) + "+" + waveNetFingerprint(batch);
    }

    static String waveNetFingerprint(int batch) throws Exception {
        WaveNet net = new WaveNet(WAVENET, 5);
        SplittableRandom rng = new SplittableRandom(13);
        for (Tensor p : net.parameters().asMap().values()) {
            for (int i = 0; i < p.data.length; i++) p.data[i] = (float) (rng.nextDouble() * 0.6 - 0.3);
        }
        Tensor x = Tensor.zeros(batch, WAVENET.inputChannels(), 96);
        for (int i = 0; i < x.data.length; i++) x.data[i] = (float) (rng.nextDouble() * 2 - 1);
        int[] steps = new int[batch];
        for (int b = 0; b < batch; b++) steps[b] = (11 + 29 * b) % WAVENET.steps();
        float[] out = net.apply(Tape.inference(), x, steps).data;
        return sha256(out, out.length / batch);
    }

    static String unetFingerprint(int batch) throws Exception {
        UNet unet = new UNet(UNET, 3);
        SplittableRandom rng = new SplittableRandom(12);
        for (Tensor p : unet.parameters().asMap().values()) {
            for (int i = 0; i < p.data.length; i++) p.data[i] = (float) (rng.nextDouble() * 0.6 - 0.3);
        }
        Tensor x = Tensor.zeros(batch, UNET.inputChannels(), UNET.height(), UNET.width());
        for (int i = 0; i < x.data.length; i++) x.data[i] = (float) (rng.nextDouble() * 2 - 1);
        int[] steps = new int[batch];
        for (int b = 0; b < batch; b++) steps[b] = (5 + 7 * b) % UNET.steps();
        float[] out = unet.apply(Tape.inference(), x, steps).data;
        return sha256(out, out.length / batch);
    }

    private static String sha256(float[] values, int count) throws Exception {
        ByteBuffer bits = ByteBuffer.allocate(count * 4);
        for (int i = 0; i < count; i++) bits.putInt(Float.floatToRawIntBits(values[i]));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bits.array()));
    }

    static String transformerFingerprint(TransformerConfig config, int batch) throws Exception {
        Transformer model = new Transformer(config, 7);
        int t = config.seqLen();
        int[] ids = new int[batch * t];
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < ids.length; i++) ids[i] = rng.nextInt(config.inputVocab());
        float[] logits = model.logits(Tape.inference(), ids, batch).data;
        return sha256(logits, t * config.outputVocab());
    }
}
