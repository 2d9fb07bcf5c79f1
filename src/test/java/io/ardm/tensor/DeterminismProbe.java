package io.ardm.tensor;

import io.ardm.nn.arch.Transformer;
import io.ardm.nn.arch.TransformerConfig;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Computes a fingerprint of a small transformer's logits: the SHA-256 of the raw float bits of item 0,
 * once alone and once inside a batch of 8. Run in fresh JVMs (other species, -Xint, other thread counts) by
 * {@link DeterminismTest}; prints "alone-hash batched-hash".
 */
public final class DeterminismProbe {
    /**
     * Big enough that inside a batch of 8 the projections (384×384×128 = 19M FMAs) take GEMM's multi-threaded path,
     * while the same item alone (48 rows) takes the single-threaded one.
     */
    static final TransformerConfig CONFIG = new TransformerConfig(2, 128, 4, 256, 29, 28, 48, 0f, false, false);

    public static void main(String[] args) throws Exception {
        if (args.length > 0) Parallel.setThreads(Integer.parseInt(args[0]));
        System.out.println(fingerprint(1) + " " + fingerprint(8));
    }

    static String fingerprint(int batch) throws Exception {
        Transformer model = new Transformer(CONFIG, 7);
        int t = CONFIG.seqLen();
        int[] ids = new int[batch * t];
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < ids.length; i++) ids[i] = rng.nextInt(CONFIG.inputVocab());
        float[] logits = model.logits(Tape.inference(), ids, batch).data;
        int itemSize = t * CONFIG.outputVocab();
        ByteBuffer bits = ByteBuffer.allocate(itemSize * 4);
        for (int i = 0; i < itemSize; i++) bits.putInt(Float.floatToRawIntBits(logits[i]));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bits.array()));
    }
}
