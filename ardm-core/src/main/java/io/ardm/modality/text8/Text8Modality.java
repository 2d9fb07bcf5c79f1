package io.ardm.modality.text8;

import io.ardm.modality.Dataset;
import io.ardm.modality.Modality;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** text8: a–z and space as ids 1..27 of 28 classes (id 0 reserved, as in the paper's code); anything else is refused. */
public final class Text8Modality implements Modality {
    /** Resource (in this package) of the bundled sample; see kjv-text8-sample.json beside it. */
    static final String BUNDLED_SAMPLE = "kjv-text8-sample.txt.gz";

    @Override public String id() {
        return "text8";
    }

    @Override public String bitsUnit() {
        return "bpc";
    }

    @Override public String symbolName() {
        return "character";
    }

    @Override public int classes() {
        return TextAlphabet.CLASSES;
    }

    @Override public int[] unusedClasses() {
        return new int[] {TextAlphabet.RESERVED};
    }

    @Override public int padSymbol() {
        return TextAlphabet.SPACE;
    }

    @Override public int[] toSymbols(byte[] file) {
        byte[] ids = TextAlphabet.encode(file);
        int[] symbols = new int[ids.length];
        for (int i = 0; i < ids.length; i++) symbols[i] = ids[i];
        return symbols;
    }

    @Override public byte[] toBytes(int[] symbols) {
        byte[] text = new byte[symbols.length];
        for (int i = 0; i < symbols.length; i++) text[i] = (byte) TextAlphabet.charOf(symbols[i]);
        return text;
    }

    @Override public String render(int[] symbols, boolean[] hidden) {
        StringBuilder text = new StringBuilder(symbols.length);
        for (int i = 0; i < symbols.length; i++) text.append(hidden != null && hidden[i] ? HIDDEN : TextAlphabet.charOf(symbols[i]));
        return text.toString();
    }

    @Override public Masked parseMasked(String text, char unknown) {
        byte[] ids = TextAlphabet.encode(text.replace(unknown, ' '));
        int[] symbols = new int[ids.length];
        boolean[] known = new boolean[ids.length];
        for (int j = 0; j < ids.length; j++) {
            symbols[j] = ids[j];
            known[j] = text.charAt(j) != unknown;
        }
        return new Masked(symbols, known);
    }

    @Override public Dataset read(Path path) throws IOException {
        return Text8Reader.read(path);
    }

    /** The opening of the King James Bible (public domain) in text8 form, split 90/5/5. */
    @Override public Dataset bundledSample() {
        try (InputStream resource = Text8Modality.class.getResourceAsStream(BUNDLED_SAMPLE)) {
            if (resource == null) throw new IllegalStateException("bundled sample " + BUNDLED_SAMPLE + " is missing from the classpath");
            byte[] ids;
            try (InputStream text = new GZIPInputStream(resource)) {
                ids = text.readAllBytes();
            }
            try {
                TextAlphabet.encodeInPlace(ids, ids.length);
            } catch (OutOfAlphabetException e) {
                throw e.in(BUNDLED_SAMPLE);
            }
            return Dataset.fromCorpus("bundled sample " + BUNDLED_SAMPLE + " (King James Bible, public domain)", ids);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled sample " + BUNDLED_SAMPLE, e);
        }
    }
}
