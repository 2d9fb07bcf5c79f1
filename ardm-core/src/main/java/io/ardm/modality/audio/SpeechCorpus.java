package io.ardm.modality.audio;

import io.ardm.modality.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Speech corpora on disk, as {@link Dataset}s of one-second clips ({@value AudioModality#CLIP} 16-bit symbols each,
 * two bytes per symbol): the directory {@code scripts/build-speech-corpus} writes ({@code train/}, {@code valid/},
 * {@code test/} of WAV files), or the Speech Commands tree restricted to SC09's digits, split by its
 * {@code validation_list.txt} and {@code testing_list.txt}. Clips are taken in file-name order, their first channel
 * cut or right-padded with silence to one second (SC09's padding).
 */
public final class SpeechCorpus {
    static final List<String> SPLITS = List.of("train", "valid", "test");
    static final List<String> DIGITS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
    static final String BUNDLED_SAMPLE = "speech-sample.bin.gz";

    private SpeechCorpus() {}

    public static Dataset read(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            throw new IOException("no speech corpus at " + path + " (a directory of train/, valid/, test/ WAV files, or Speech Commands;"
                    + " scripts/build-speech-corpus makes one)");
        }
        if (Files.isRegularFile(path.resolve("validation_list.txt"))) return speechCommands(path);
        byte[][] splits = new byte[3][];
        for (int i = 0; i < 3; i++) {
            Path dir = path.resolve(SPLITS.get(i));
            if (!Files.isDirectory(dir)) throw new IOException("directory " + path + " is not a speech corpus: " + SPLITS.get(i) + "/ is missing");
            splits[i] = clips(wavFiles(dir));
        }
        return new Dataset("speech corpus " + path, 2, splits[0], splits[1], splits[2]);
    }

    /** SC09: the ten digits' folders; a clip is in valid or test when its "digit/file.wav" is listed there. */
    static Dataset speechCommands(Path root) throws IOException {
        Set<String> valid = new HashSet<>(Files.readAllLines(root.resolve("validation_list.txt")));
        Set<String> test = Files.isRegularFile(root.resolve("testing_list.txt")) ? new HashSet<>(Files.readAllLines(root.resolve("testing_list.txt"))) : Set.of();
        List<List<Path>> splits = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (String digit : DIGITS) {
            Path dir = root.resolve(digit);
            if (!Files.isDirectory(dir)) continue;
            for (Path f : wavFiles(dir)) {
                String name = digit + "/" + f.getFileName();
                splits.get(test.contains(name) ? 2 : valid.contains(name) ? 1 : 0).add(f);
            }
        }
        if (splits.get(0).isEmpty()) throw new IOException(root + " holds no SC09 digit clips (zero/ … nine/ with WAV files)");
        return new Dataset("SC09 " + root, 2, clips(splits.get(0)), clips(splits.get(1)), clips(splits.get(2)));
    }

    private static List<Path> wavFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".wav")).sorted().toList();
        }
    }

    private static byte[] clips(List<Path> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Path f : files) {
            try {
                out.write(AudioModality.stored(AudioModality.clip(Files.readAllBytes(f))));
            } catch (IllegalArgumentException e) {
                throw new IOException(f + ": " + e.getMessage());
            }
        }
        return out.toByteArray();
    }

    /** The small sample in the jar (a few clips of each split) for tests and the demo. */
    static Dataset bundledSample() {
        try (InputStream in = SpeechCorpus.class.getResourceAsStream(BUNDLED_SAMPLE)) {
            if (in == null) throw new IllegalStateException("the jar lacks its speech sample " + BUNDLED_SAMPLE);
            ByteBuffer sample = ByteBuffer.wrap(new GZIPInputStream(in).readAllBytes());
            byte[][] splits = new byte[3][];
            int[] counts = {sample.getInt(), sample.getInt(), sample.getInt()};
            for (int i = 0; i < 3; i++) {
                splits[i] = new byte[counts[i] * 2 * AudioModality.CLIP];
                sample.get(splits[i]);
            }
            return new Dataset("bundled speech sample", 2, splits[0], splits[1], splits[2]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the bundled sample: {@code SpeechCorpus OUT.gz TRAIN_CLIPS... -- VALID_CLIPS... -- TEST_CLIPS...} (WAV files;
     * three big-endian counts, then the clips as stored symbols).
     */
    public static void main(String[] args) throws IOException {
        List<List<Path>> splits = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int split = 0;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--")) split++;
            else splits.get(split).add(Path.of(args[i]));
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        ByteBuffer counts = ByteBuffer.allocate(12);
        for (List<Path> s : splits) counts.putInt(s.size());
        raw.write(counts.array());
        for (List<Path> s : splits) raw.write(clips(s));
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(Path.of(args[0])))) {
            gz.write(raw.toByteArray());
        }
    }
}
