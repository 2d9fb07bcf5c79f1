package io.ardm.modality.text8;

import io.ardm.modality.Dataset;
import io.ardm.modality.corpus.GcideText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads text8 and text8-like corpora into a {@link Dataset}. Accepted inputs:
 * <ul>
 * <li>the real {@code text8} file, or {@code text8.zip} holding it (an entry named {@code text8}, or the
 *     zip's only entry); any other single plain or {@code .gz} file in the same format;</li>
 * <li>a directory holding {@code text8} or {@code text8.zip};</li>
 * <li>a directory written by {@link TextCorpusBuilder}: {@code train.txt}, {@code valid.txt}, {@code test.txt},
 *     already split.</li>
 * </ul>
 * A single file is split by {@link Dataset#splitLengths}: first 90%, next 5%, last 5% of its characters,
 * which is exactly text8's 90M/5M/5M for the real 100M-char file. The content must be a–z and space only;
 * one trailing newline is tolerated (editors add it), anything else outside the alphabet is an error that
 * names the file, the character and its byte offset.
 */
public final class Text8Reader {
    private static final String TEXT8 = "text8";

    private Text8Reader() {}

    public static Dataset read(Path path) throws IOException {
        if (Files.isDirectory(path)) return readDirectory(path);
        if (!Files.isRegularFile(path)) throw new IOException("no text8 data at " + path + " (no such file or directory)");
        String name = path.getFileName().toString();
        byte[] text;
        String where;
        if (name.endsWith(".zip")) {
            try (ZipFile zip = new ZipFile(path.toFile())) {
                ZipEntry entry = text8Entry(zip, path);
                where = path + "!" + entry.getName();
                try (InputStream in = zip.getInputStream(entry)) {
                    text = in.readAllBytes();
                }
            }
        } else if (name.endsWith(".gz")) {
            where = path.toString();
            try (InputStream in = new GZIPInputStream(Files.newInputStream(path), 1 << 16)) {
                text = in.readAllBytes();
            }
        } else {
            where = path.toString();
            text = readFile(path);
        }
        int length = toIds(text, where);
        String source = (name.startsWith(TEXT8) ? "text8 " : "text8-format file ") + where;
        return Dataset.fromCorpus(source, length == text.length ? text : Arrays.copyOf(text, length));
    }

    private static Dataset readDirectory(Path dir) throws IOException {
        for (String candidate : List.of(TEXT8, TEXT8 + ".zip")) {
            if (Files.isRegularFile(dir.resolve(candidate))) return read(dir.resolve(candidate));
        }
        List<String> splitFiles = List.of(TextCorpusBuilder.TRAIN_FILE, TextCorpusBuilder.VALID_FILE, TextCorpusBuilder.TEST_FILE);
        List<String> missing = splitFiles.stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
        if (!missing.isEmpty()) {
            throw new IOException("directory " + dir + " holds neither text8 nor text8.zip nor a split corpus (missing "
                    + String.join(", ", missing) + ")");
        }
        byte[][] splits = new byte[3][];
        for (int i = 0; i < 3; i++) {
            Path file = dir.resolve(splitFiles.get(i));
            byte[] text = readFile(file);
            int length = toIds(text, file.toString());
            splits[i] = length == text.length ? text : Arrays.copyOf(text, length);
        }
        return new Dataset("text8-like corpus " + dir, splits[0], splits[1], splits[2]);
    }

    /** The entry named text8 (anywhere in the zip), else the only entry. */
    private static ZipEntry text8Entry(ZipFile zip, Path path) throws IOException {
        List<ZipEntry> files = new ArrayList<>();
        for (ZipEntry entry : Collections.list(zip.entries())) {
            if (entry.isDirectory()) continue;
            if (Path.of(entry.getName()).getFileName().toString().equals(TEXT8)) return entry;
            files.add(entry);
        }
        if (files.size() == 1) return files.getFirst();
        throw new IOException(path + " should hold one entry named text8, but holds "
                + files.stream().map(ZipEntry::getName).limit(10).toList());
    }

    private static byte[] readFile(Path path) throws IOException {
        if (Files.size(path) > Integer.MAX_VALUE - 8) throw new IOException(path + " is larger than 2 GB, too large for one array");
        return Files.readAllBytes(path);
    }

    /** Converts text to ids in place; returns how many (a trailing newline is not data). */
    private static int toIds(byte[] text, String where) {
        int length = text.length;
        if (length > 0 && text[length - 1] == '\n') length--;
        try {
            TextAlphabet.encodeInPlace(text, length);
        } catch (OutOfAlphabetException e) {
            throw e.in(where);
        }
        return length;
    }
}
