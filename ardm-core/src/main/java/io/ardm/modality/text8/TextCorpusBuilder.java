package io.ardm.modality.text8;

import io.ardm.modality.Dataset;
import io.ardm.modality.corpus.GcideText;
import io.ardm.modality.corpus.Gunzip;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ardm.io.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Builds a text8-like corpus from English text that Debian ships, because the real text8 cannot be
 * downloaded here. The source is gzip/dictzip ({@code .gz}, {@code .dz}) or plain text; a dictd database
 * ({@code *.dict.dz}, e.g. GCIDE from {@code dict-gcide}) first loses its metadata and markup
 * ({@link GcideText}). The text is normalised like text8 ({@link Text8Normalizer}), cut 90/5/5 like text8
 * ({@link Dataset#splitLengths}) and written as {@value #TRAIN_FILE}, {@value #VALID_FILE},
 * {@value #TEST_FILE} plus {@value #MANIFEST_FILE}, which {@link Text8Reader} reads back.
 */
public final class TextCorpusBuilder {
    public static final String TRAIN_FILE = "train.txt";
    public static final String VALID_FILE = "valid.txt";
    public static final String TEST_FILE = "test.txt";
    public static final String MANIFEST_FILE = "manifest.json";

    /** Sizes of what was written, in characters. */
    public record Result(Path dir, int trainChars, int validChars, int testChars) {
        public int totalChars() {
            return trainChars + validChars + testChars;
        }
    }

    private TextCorpusBuilder() {}

    /** Usage: {@code TextCorpusBuilder SOURCE OUT_DIR} (what {@code scripts/build-text8-like} runs). */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: TextCorpusBuilder SOURCE OUT_DIR   (e.g. /usr/share/dictd/gcide.dict.dz /work/data/text8-like)");
            System.exit(2);
        }
        try {
            build(Path.of(args[0]), Path.of(args[1]), System.out);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("build-text8-like: " + e.getMessage());
            System.exit(1);
        }
    }

    public static Result build(Path source, Path outDir, PrintStream log) throws IOException {
        if (!Files.isRegularFile(source)) throw new IOException("source " + source + " is not a file");
        byte[] raw = Files.readAllBytes(source);
        byte[] bytes = isCompressed(source) ? Gunzip.bytes(raw) : raw;
        log.printf("read %s: %,d bytes (%,d uncompressed)%n", source, raw.length, bytes.length);

        boolean dictd = source.getFileName().toString().matches(".*\\.dict(\\.dz)?");
        if (dictd) bytes = withoutDictdMetadata(bytes, GcideText.indexBeside(source), log);
        String text = decode(bytes, log);
        if (dictd) text = GcideText.clean(text);
        String corpus = Text8Normalizer.normalize(text);
        if (corpus.isEmpty()) throw new IllegalArgumentException(source + " holds no text8 characters");

        int[] lengths = Dataset.splitLengths(corpus.length());
        Files.createDirectories(outDir);
        String[] files = {TRAIN_FILE, VALID_FILE, TEST_FILE};
        int start = 0;
        for (int i = 0; i < files.length; i++) {
            AtomicFiles.write(outDir.resolve(files[i]), corpus.substring(start, start + lengths[i]).getBytes(StandardCharsets.US_ASCII));
            start += lengths[i];
        }
        Result result = new Result(outDir, lengths[0], lengths[1], lengths[2]);
        AtomicFiles.write(outDir.resolve(MANIFEST_FILE), manifest(source, raw, dictd, result));
        log.printf("wrote %s: %,d chars (train %,d / valid %,d / test %,d)%n",
                outDir, result.totalChars(), result.trainChars(), result.validChars(), result.testChars());
        return result;
    }

    private static boolean isCompressed(Path source) {
        String name = source.getFileName().toString();
        return name.endsWith(".gz") || name.endsWith(".dz");
    }

    private static byte[] withoutDictdMetadata(byte[] bytes, Path index, PrintStream log) throws IOException {
        if (!Files.isRegularFile(index)) {
            log.println("no dictd index " + index + ": keeping the metadata entries (licence header) in the text");
            return bytes;
        }
        long[] range = GcideText.metadataRange(index);
        if (range == null || range[1] > bytes.length) return bytes;
        log.printf("dropped dictd metadata entries (bytes %,d..%,d) named in %s%n", range[0], range[1], index);
        byte[] kept = new byte[bytes.length - (int) (range[1] - range[0])];
        System.arraycopy(bytes, 0, kept, 0, (int) range[0]);
        System.arraycopy(bytes, (int) range[1], kept, (int) range[0], bytes.length - (int) range[1]);
        return kept;
    }

    /** UTF-8 when the bytes are valid UTF-8, else Latin-1 (GCIDE has a few stray Windows-1252 bytes). */
    private static String decode(byte[] bytes, PrintStream log) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            log.println("source is not valid UTF-8: reading it as ISO-8859-1");
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] manifest(Path source, byte[] raw, boolean dictd, Result result) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", "text8-like: only a-z and space, one line, no trailing newline");
        manifest.put("source", source.toAbsolutePath().toString());
        manifest.put("source_bytes", raw.length);
        manifest.put("source_sha256", sha256(raw));
        boolean gcide = source.getFileName().toString().startsWith("gcide.");
        manifest.put("source_package", gcide ? "dict-gcide (Debian)" : "unknown");
        manifest.put("licence", gcide
                ? "GPL-2.0-or-later, as GCIDE (see /usr/share/doc/dict-gcide/copyright); the corpus is derived from it"
                : "that of the source");
        manifest.put("normalisation", (dictd ? "dictd metadata entries, attribution lines, pronunciations and GCIDE letter codes removed; " : "")
                + "markup and entities stripped, accents folded to base letters, lowercased, digits spelled out as words, "
                + "everything else a space, runs of spaces collapsed");
        manifest.put("split", "first 90% train, next 5% valid, last 5% test (by characters, like text8's 90M/5M/5M)");
        manifest.put("chars", result.totalChars());
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("train", fileEntry(TRAIN_FILE, result.trainChars()));
        files.put("valid", fileEntry(VALID_FILE, result.validChars()));
        files.put("test", fileEntry(TEST_FILE, result.testChars()));
        manifest.put("files", files);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(manifest);
    }

    private static Map<String, Object> fileEntry(String file, int chars) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("file", file);
        entry.put("chars", chars);
        return entry;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

}
