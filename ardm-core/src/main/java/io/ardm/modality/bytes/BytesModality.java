package io.ardm.modality.bytes;

import io.ardm.modality.Dataset;
import io.ardm.modality.Modality;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Any byte sequence: 256 classes, symbol = byte value. Text is shown as UTF-8 (invalid sequences as U+FFFD);
 * corpora are a file split 90/5/5 or a directory of {@value ByteCorpusBuilder#TRAIN_FILE}, valid and test files.
 */
public final class BytesModality implements Modality {
    static final String BUNDLED_SAMPLE = "kjv-bytes-sample.txt.gz";
    private static final int SPACE = ' ';

    @Override public String id() {
        return "bytes";
    }

    @Override public String bitsUnit() {
        return "bits/byte";
    }

    @Override public String symbolName() {
        return "byte";
    }

    @Override public int classes() {
        return 256;
    }

    @Override public int padSymbol() {
        return SPACE;
    }

    @Override public int[] toSymbols(byte[] file) {
        int[] symbols = new int[file.length];
        for (int i = 0; i < file.length; i++) symbols[i] = file[i] & 0xFF;
        return symbols;
    }

    @Override public byte[] toBytes(int[] symbols) {
        byte[] out = new byte[symbols.length];
        for (int i = 0; i < symbols.length; i++) {
            if (symbols[i] < 0 || symbols[i] > 255) throw new IllegalArgumentException("symbol " + symbols[i] + " at " + i + " is not a byte");
            out[i] = (byte) symbols[i];
        }
        return out;
    }

    @Override public String render(int[] symbols, boolean[] hidden) {
        byte[] bytes = new byte[symbols.length];
        for (int i = 0; i < symbols.length; i++) bytes[i] = (byte) (hidden != null && hidden[i] ? HIDDEN : symbols[i]);
        return new String(bytes, StandardCharsets.UTF_8); // malformed sequences become U+FFFD
    }

    /** The text's UTF-8 bytes; the bytes equal to {@code unknown} (an ASCII character) are the unknown positions. */
    @Override public Masked parseMasked(String text, char unknown) {
        if (unknown >= 0x80) throw new IllegalArgumentException("the unknown-position marker must be an ASCII character, got '" + unknown + "'");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        boolean[] known = new boolean[bytes.length];
        for (int j = 0; j < bytes.length; j++) known[j] = bytes[j] != unknown;
        return new Masked(toSymbols(bytes), known);
    }

    @Override public Dataset read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            byte[][] splits = new byte[3][];
            String[] names = {ByteCorpusBuilder.TRAIN_FILE, ByteCorpusBuilder.VALID_FILE, ByteCorpusBuilder.TEST_FILE};
            for (int i = 0; i < 3; i++) {
                Path file = path.resolve(names[i]);
                if (!Files.isRegularFile(file)) {
                    throw new IOException("directory " + path + " is not a byte corpus: " + names[i] + " is missing (scripts/build-english-bytes makes one)");
                }
                splits[i] = Files.readAllBytes(file);
            }
            return new Dataset("byte corpus " + path, splits[0], splits[1], splits[2]);
        }
        if (!Files.isRegularFile(path)) throw new IOException("no data at " + path + " (no such file or directory)");
        return Dataset.fromCorpus("file " + path, Files.readAllBytes(path));
    }

    /** The opening of the King James Bible (public domain) with its case, punctuation and line breaks, split 90/5/5. */
    @Override public Dataset bundledSample() {
        try (InputStream resource = BytesModality.class.getResourceAsStream(BUNDLED_SAMPLE)) {
            if (resource == null) throw new IllegalStateException("bundled sample " + BUNDLED_SAMPLE + " is missing from the classpath");
            try (InputStream text = new GZIPInputStream(resource)) {
                return Dataset.fromCorpus("bundled sample " + BUNDLED_SAMPLE + " (King James Bible, public domain)", text.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled sample " + BUNDLED_SAMPLE, e);
        }
    }
}
