package io.ardm.modality;

import java.util.SplittableRandom;

/**
 * Training sequences the way the paper's text8 pipeline makes them (spec §6.3): the training stream is cut
 * into whole blocks (1000 chars; the remainder is dropped), the blocks are shuffled, and each yields one
 * crop (250 chars) at a uniformly random offset. Each epoch visits every block once, in an order and with
 * offsets drawn from a SplittableRandom seeded by (seed, epoch) alone, so the stream is a pure function of
 * the seed and a training run resumes exactly with {@link #seek}(position saved in the checkpoint).
 */
public final class CropSampler {
    private final byte[] tokens;
    private final int symbolBytes;
    private final int blockLength;
    private final int cropLength;
    private final int blockCount;
    private final long seed;
    private long position;
    private long loadedEpoch = -1;
    private final int[] order;
    private final int[] offsets;

    CropSampler(byte[] tokens, int symbolBytes, int blockLength, int cropLength, long seed) {
        if (cropLength < 1 || cropLength > blockLength) {
            throw new IllegalArgumentException("crop length " + cropLength + " must be in 1.." + blockLength + " (the block length)");
        }
        int symbols = tokens.length / symbolBytes;
        if (symbols < blockLength) {
            throw new IllegalArgumentException("training split has " + symbols + " symbols, fewer than one "
                    + blockLength + "-symbol block");
        }
        this.tokens = tokens;
        this.symbolBytes = symbolBytes;
        this.blockLength = blockLength;
        this.cropLength = cropLength;
        this.blockCount = symbols / blockLength;
        this.seed = seed;
        this.order = new int[blockCount];
        this.offsets = new int[blockCount];
    }

    /** Blocks per epoch. */
    public int blockCount() {
        return blockCount;
    }

    /** Crops handed out so far (save it to resume). */
    public long position() {
        return position;
    }

    /** Continues as if {@code position} crops had been drawn. */
    public void seek(long position) {
        if (position < 0) throw new IllegalArgumentException("position must be >= 0, got " + position);
        this.position = position;
    }

    /** {@code batchSize} crops as ids, row-major [batchSize][cropLength]. */
    public int[] nextBatch(int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        int[] batch = new int[Math.multiplyExact(batchSize, cropLength)];
        for (int row = 0; row < batchSize; row++, position++) {
            loadEpoch(position / blockCount);
            int k = (int) (position % blockCount);
            int start = order[k] * blockLength + offsets[k];
            for (int j = 0; j < cropLength; j++) batch[row * cropLength + j] = Dataset.symbol(tokens, symbolBytes, start + j);
        }
        return batch;
    }

    private void loadEpoch(long epoch) {
        if (epoch == loadedEpoch) return;
        SplittableRandom random = new SplittableRandom(mix(seed + (epoch + 1) * 0x9E3779B97F4A7C15L));
        for (int i = 0; i < blockCount; i++) order[i] = i;
        for (int i = blockCount - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        for (int i = 0; i < blockCount; i++) offsets[i] = random.nextInt(blockLength - cropLength + 1);
        loadedEpoch = epoch;
    }

    /** SplitMix64's finaliser, so that nearby (seed, epoch) pairs give unrelated streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
