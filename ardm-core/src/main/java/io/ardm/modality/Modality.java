package io.ardm.modality;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What a kind of data is to the rest of ardm (the official code's one folder per modality): how a file's bytes
 * become symbols in 0..K−1 and back, which symbol pads a short last segment, how symbols are shown to a person, and
 * where its corpora come from. The ARDM math, the networks and the coder see only symbols.
 */
public interface Modality {
    /** The name stored in checkpoints and compressed files ("text8", "bytes"). */
    String id();

    /** How likelihoods of this data are reported: "bpc" (bits per character) for text8, "bits/byte" for bytes. */
    String bitsUnit();

    /** What one symbol is, for labels: "character", "byte". */
    String symbolName();

    /** K: symbol classes a network predicts. */
    int classes();

    /** Classes that never occur in data (text8 reserves id 0): networks pin their logits so they are never produced. */
    default int[] unusedClasses() {
        return new int[0];
    }

    /** The symbol shown at the positions after a file's shorter last segment (they are never coded). */
    int padSymbol();

    /** A file's symbols; a byte this modality cannot represent is an {@link IllegalArgumentException} naming it and its offset. */
    int[] toSymbols(byte[] file);

    /**
     * What a compressed file's header records about this file besides its length (an image's width, height and
     * channels); nothing for text and bytes.
     */
    default byte[] headerMetadata(byte[] file) {
        return new byte[0];
    }

    /**
     * Whether any run of a file's consecutive bytes is a file of this modality too, one symbol per byte (text, bytes):
     * models can then be compared on a prefix, and a long file is coded as consecutive members of bounded size. A
     * picture is only a picture whole.
     */
    default boolean splitsAnywhere() {
        return true;
    }

    /** Whether a file that starts with {@code head} may be of this modality (a cheap look before reading it whole). */
    default boolean mayStart(byte[] head) {
        return true;
    }

    /** The file bytes of decoded symbols; a symbol that no file produces is an {@link IllegalArgumentException}. */
    byte[] toBytes(int[] symbols);

    /** One datapoint (D symbols, e.g. a sample) as a file of this modality: text as its bytes, a tile as a PNG. */
    default byte[] datapointFile(int[] symbols) {
        return toBytes(symbols);
    }

    /** The file of decoded symbols and the {@link #headerMetadata} its header recorded (an image's size). */
    default byte[] toBytes(int[] symbols, byte[] metadata) {
        return toBytes(symbols);
    }

    /**
     * What a compressed file's CRC covers, so that decoding is checked on what the model gives back: the file itself
     * for text and bytes, the pixels for an image (its PNG is written anew, so its bytes may differ).
     */
    default byte[] checkedContent(byte[] file) {
        return file;
    }

    /**
     * Training crops are drawn from blocks of this many symbols (the paper's text8 crops of D = 250 from 1,000-char
     * blocks; an image is its own block, so a crop is always one whole image).
     */
    default int trainingBlock(int length) {
        return Math.max(Dataset.TRAINING_BLOCK, 4 * length);
    }

    /** Symbols as text for a person; {@code hidden[i]} (may be null) shows position i as {@link #HIDDEN}. */
    String render(int[] symbols, boolean[] hidden);

    /** A text with unknown positions marked by {@code unknown}, as symbols and a known-mask (infilling). */
    Masked parseMasked(String text, char unknown);

    /** Symbols with the positions that are given. */
    record Masked(int[] symbols, boolean[] known) {
        /** How many positions are given. */
        public int knownCount() {
            int n = 0;
            for (boolean k : known) if (k) n++;
            return n;
        }
    }

    /** How a hidden position is shown, as in the paper's figures of partly generated text. */
    char HIDDEN = '_';

    /** A corpus: a file (split 90/5/5) or a directory of split files, in the formats this modality reads. */
    Dataset read(Path path) throws IOException;

    /** The small corpus shipped in the jar for demos and tests. */
    Dataset bundledSample();

    /** Reads "train", "valid" or "test" → the split, with a one-line error otherwise. */
    static Dataset.Split split(String name) {
        return switch (name) {
            case "train" -> Dataset.Split.TRAIN;
            case "valid" -> Dataset.Split.VALID;
            case "test" -> Dataset.Split.TEST;
            default -> throw new IllegalArgumentException("--split must be train, valid or test, got '" + name + "'");
        };
    }
}
