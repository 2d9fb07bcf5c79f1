package io.ardm.modality;

import java.util.Arrays;

/**
 * A corpus of symbols in three splits, with the paper's two ways of cutting it into sequences (spec §6.3): random
 * crops of blocks for training ({@link #trainingCrops}) and consecutive non-overlapping segments for evaluation
 * ({@link #segments}). A {@link Modality} reads files into one: text8 ids 1..27, raw bytes and sub-pixels stored one
 * unsigned byte per symbol; 16-bit audio samples two bytes per symbol, little-endian.
 */
public final class Dataset {
    public enum Split { TRAIN, VALID, TEST }

    /** The paper's D for text8. */
    public static final int SEQUENCE_LENGTH = 250;
    /** Training blocks that crops are taken from (4·D). */
    public static final int TRAINING_BLOCK = 1000;

    private final String source;
    private final int symbolBytes;
    private final byte[][] splits;

    /** Splits of one-byte symbols (not copied); {@code source} says where they came from, for reports. */
    public Dataset(String source, byte[] train, byte[] valid, byte[] test) {
        this(source, 1, train, valid, test);
    }

    /** Splits of symbols stored in {@code symbolBytes} (1 or 2, little-endian) bytes each, not copied. */
    public Dataset(String source, int symbolBytes, byte[] train, byte[] valid, byte[] test) {
        if (symbolBytes != 1 && symbolBytes != 2) throw new IllegalArgumentException("symbols are 1 or 2 bytes, not " + symbolBytes);
        for (byte[] split : new byte[][] {train, valid, test}) {
            if (split.length % symbolBytes != 0) throw new IllegalArgumentException("a split of " + split.length + " bytes is not whole " + symbolBytes + "-byte symbols");
        }
        this.source = source;
        this.symbolBytes = symbolBytes;
        this.splits = new byte[][] {train, valid, test};
    }

    /** The symbol at index i of stored symbols (unsigned, little-endian when two bytes). */
    static int symbol(byte[] stored, int symbolBytes, int i) {
        return symbolBytes == 1 ? stored[i] & 0xFF : (stored[2 * i] & 0xFF) | (stored[2 * i + 1] & 0xFF) << 8;
    }

    /** A whole corpus cut like text8: first 90% train, next 5% valid, last 5% test ({@link #splitLengths}). */
    public static Dataset fromCorpus(String source, byte[] ids) {
        int[] lengths = splitLengths(ids.length);
        int validStart = lengths[0], testStart = lengths[0] + lengths[1];
        return new Dataset(source, Arrays.copyOfRange(ids, 0, validStart),
                Arrays.copyOfRange(ids, validStart, testStart), Arrays.copyOfRange(ids, testStart, ids.length));
    }

    /**
     * text8's 90M/5M/5M split scaled to {@code total} chars: train = ⌊0.9·total⌋, valid = ⌊0.05·total⌋,
     * test = the rest (exactly 90,000,000 / 5,000,000 / 5,000,000 for the real 100,000,000-char file).
     */
    public static int[] splitLengths(int total) {
        if (total < 0) throw new IllegalArgumentException("negative corpus length " + total);
        int train = (int) (total * 90L / 100);
        int valid = (int) (total * 5L / 100);
        return new int[] {train, valid, total - train - valid};
    }

    /** Where the data came from (file, kind). */
    public String source() {
        return source;
    }

    /** One line for reports: source and symbols per split (characters, bytes or sub-pixels). */
    public String describe() {
        return String.format("%s: %,d symbols (train %,d / valid %,d / test %,d)", source,
                (long) length(Split.TRAIN) + length(Split.VALID) + length(Split.TEST),
                length(Split.TRAIN), length(Split.VALID), length(Split.TEST));
    }

    public int length(Split split) {
        return splits[split.ordinal()].length / symbolBytes;
    }

    /** A copy of a split's stored symbols (unsigned bytes; two per symbol, little-endian, for 16-bit symbols). */
    public byte[] tokens(Split split) {
        return splits[split.ordinal()].clone();
    }

    /** Number of whole {@link #SEQUENCE_LENGTH}-char evaluation segments (20,000 for real text8 valid/test). */
    public int segmentCount(Split split) {
        return segmentCount(split, SEQUENCE_LENGTH);
    }

    /** Number of whole {@code length}-char segments; a shorter remainder at the end is not evaluated. */
    public int segmentCount(Split split, int length) {
        if (length < 1) throw new IllegalArgumentException("segment length must be >= 1, got " + length);
        return length(split) / length;
    }

    /** Segments {@code first .. first+count-1} of {@code length} chars, row-major [count][length]. */
    public int[] segments(Split split, int length, int first, int count) {
        int available = segmentCount(split, length);
        if (first < 0 || count < 0 || first > available - count) {
            throw new IndexOutOfBoundsException("segments " + first + ".." + (first + count - 1) + " of the "
                    + split + " split, which has " + available + " segments of " + length + " chars");
        }
        byte[] ids = splits[split.ordinal()];
        int[] rows = new int[Math.multiplyExact(count, length)];
        int start = first * length;
        for (int i = 0; i < rows.length; i++) rows[i] = symbol(ids, symbolBytes, start + i);
        return rows;
    }

    /** The paper's training stream: random 250-char crops of shuffled 1000-char blocks. */
    public CropSampler trainingCrops(long seed) {
        return trainingCrops(TRAINING_BLOCK, SEQUENCE_LENGTH, seed);
    }

    /** Training crops with other sizes (small models, tests). */
    public CropSampler trainingCrops(int blockLength, int cropLength, long seed) {
        return new CropSampler(splits[Split.TRAIN.ordinal()], symbolBytes, blockLength, cropLength, seed);
    }
}
