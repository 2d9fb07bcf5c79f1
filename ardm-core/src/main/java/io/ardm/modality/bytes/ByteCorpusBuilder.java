package io.ardm.modality.bytes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ardm.io.AtomicFiles;
import io.ardm.modality.Dataset;
import io.ardm.modality.corpus.GcideText;
import io.ardm.modality.corpus.Gunzip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a corpus of real English bytes (case, punctuation, digits, line breaks) for byte-level models from text
 * that Debian ships: GCIDE's entries (dict-gcide; markup codes resolved, attribution lines dropped, and every entry
 * that GCIDE credits to WordNet left out, because Debian's wordnet-base is reserved for evaluation) and any further
 * plain-text sources (the KJV as the {@code bible} program prints it). Each source is cut 90/5/5 at line breaks and
 * the parts are joined per split, so every split holds every kind of text. Writes {@value #TRAIN_FILE},
 * {@value #VALID_FILE}, {@value #TEST_FILE} and {@value #MANIFEST_FILE}.
 */
public final class ByteCorpusBuilder {
    public static final String TRAIN_FILE = "train.txt";
    public static final String VALID_FILE = "valid.txt";
    public static final String TEST_FILE = "test.txt";
    public static final String MANIFEST_FILE = "manifest.json";
    /** GCIDE marks entries taken from WordNet 1.5 with this attribution. */
    private static final String WORDNET_ATTRIBUTION = "[WordNet";

    private ByteCorpusBuilder() {}

    /** A named source's text and its licence, for the manifest. */
    public record Source(String name, String licence, byte[] text) {}

    /** Usage: {@code ByteCorpusBuilder OUT_DIR GCIDE.dict.dz [NAME=LICENCE=FILE ...]}. */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ByteCorpusBuilder OUT_DIR /usr/share/dictd/gcide.dict.dz [NAME=LICENCE=TEXT_FILE ...]");
            System.exit(2);
        }
        try {
            List<Source> sources = new ArrayList<>();
            sources.add(gcide(Path.of(args[1]), System.out));
            for (int i = 2; i < args.length; i++) {
                String[] parts = args[i].split("=", 3);
                if (parts.length != 3) throw new IllegalArgumentException("source must be NAME=LICENCE=FILE, got " + args[i]);
                sources.add(new Source(parts[0], parts[1], Files.readAllBytes(Path.of(parts[2]))));
            }
            build(sources, Path.of(args[0]), System.out);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("build-english-bytes: " + e.getMessage());
            System.exit(1);
        }
    }

    /** GCIDE's entries in file order, cleaned, without those credited to WordNet; entries end with a blank line. */
    public static Source gcide(Path dict, PrintStream log) throws IOException {
        byte[] data = Gunzip.bytes(Files.readAllBytes(dict));
        List<long[]> ranges = GcideText.entryRanges(GcideText.indexBeside(dict));
        StringBuilder text = new StringBuilder(data.length);
        int kept = 0, wordnet = 0;
        for (long[] r : ranges) {
            String entry = new String(data, (int) r[0], (int) (r[1] - r[0]), StandardCharsets.ISO_8859_1);
            if (entry.contains(WORDNET_ATTRIBUTION)) {
                wordnet++;
                continue;
            }
            String clean = GcideText.clean(entry).strip();
            if (clean.isEmpty()) continue;
            text.append(clean).append("\n\n");
            kept++;
        }
        log.printf("GCIDE: %,d entries kept, %,d credited to WordNet left out%n", kept, wordnet);
        return new Source("gcide", "GPL-2.0-or-later (dict-gcide; see /usr/share/doc/dict-gcide/copyright)",
                text.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static void build(List<Source> sources, Path outDir, PrintStream log) throws IOException {
        ByteArrayOutputStream[] splits = {new ByteArrayOutputStream(), new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        List<Map<String, Object>> described = new ArrayList<>();
        for (Source s : sources) {
            int[] cuts = lineCuts(s.text());
            int[] sizes = new int[3];
            for (int i = 0; i < 3; i++) {
                splits[i].write(s.text(), cuts[i], cuts[i + 1] - cuts[i]);
                sizes[i] = cuts[i + 1] - cuts[i];
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", s.name());
            entry.put("licence", s.licence());
            entry.put("bytes", s.text().length);
            entry.put("train_valid_test_bytes", sizes);
            described.add(entry);
            log.printf("%s: %,d bytes (train %,d / valid %,d / test %,d)%n", s.name(), s.text().length, sizes[0], sizes[1], sizes[2]);
        }
        Files.createDirectories(outDir);
        String[] files = {TRAIN_FILE, VALID_FILE, TEST_FILE};
        for (int i = 0; i < 3; i++) AtomicFiles.write(outDir.resolve(files[i]), splits[i].toByteArray());
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", "raw bytes (UTF-8 English text with case, punctuation, digits and line breaks)");
        manifest.put("sources", described);
        manifest.put("excluded", "GCIDE entries credited to WordNet (Debian's wordnet-base is reserved for evaluation)");
        manifest.put("split", "each source cut at the line breaks nearest 90% and 95% of its bytes; parts joined per split in source order");
        AtomicFiles.write(outDir.resolve(MANIFEST_FILE), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(manifest));
        log.printf("wrote %s: train %,d / valid %,d / test %,d bytes%n", outDir, splits[0].size(), splits[1].size(), splits[2].size());
    }

    /** [0, a, b, n]: a and b just after the first line breaks at or past 90% and 95% of the text (Dataset's proportions). */
    static int[] lineCuts(byte[] text) {
        int[] lengths = Dataset.splitLengths(text.length);
        return new int[] {0, afterLineBreak(text, lengths[0]), afterLineBreak(text, lengths[0] + lengths[1]), text.length};
    }

    private static int afterLineBreak(byte[] text, int from) {
        for (int i = Math.max(from - 1, 0); i < text.length; i++) if (text[i] == '\n') return i + 1;
        return text.length;
    }
}
