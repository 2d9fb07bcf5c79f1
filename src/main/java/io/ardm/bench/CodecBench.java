package io.ardm.bench;

import io.ardm.ardm.ArdmNetwork;
import io.ardm.ardm.Likelihood;
import io.ardm.ardm.Order;
import io.ardm.ardm.Policy;
import io.ardm.codec.ArdmCoder;
import io.ardm.codec.Categorical;
import io.ardm.codec.RansDecoder;
import io.ardm.codec.RansThroughput;
import io.ardm.codec.TextFileCodec;
import io.ardm.data.TextAlphabet;
import io.ardm.data.TextDataset;
import io.ardm.model.TextCheckpoint;
import io.ardm.tensor.Parallel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The compressor next to gzip, bzip2, xz and zstd on the same held-out text, in one run:
 * <ul>
 *   <li>per record: held-out 250-char records, each compressed on its own (zstd also with a dictionary trained on
 *       the training split — the tool practitioners use for small records);</li>
 *   <li>whole file: a contiguous held-out slice, one file.</li>
 * </ul>
 * An ardm record costs its rANS stream plus one length byte; a whole file is the real {@code .ardm} container.
 * Overhead is coded bits ÷ the model's exact NLL for the same order and policy. Several models can be coded in
 * the same run (e.g. the OA-ARDM at several budgets next to its left-to-right baseline at B = D).
 */
public final class CodecBench {
    private CodecBench() {}

    /** A model to code at each of its budgets; {@code label} names its rows. */
    public record Coded(String label, TextCheckpoint.Loaded model, int[] budgets) {}

    public record Row(String codec, long bytes, long chars, double seconds) {
        double bpc() {
            return 8.0 * bytes / chars;
        }
    }

    public static void run(List<Coded> models, TextDataset data, int records, int wholeChars, PrintStream out)
            throws IOException, InterruptedException {
        int d = models.getFirst().model().network().length();
        for (Coded c : models) {
            if (c.model().network().length() != d) throw new IllegalArgumentException("the models code segments of different lengths");
        }
        byte[] test = data.tokens(TextDataset.Split.TEST);
        records = Math.min(records, test.length / d);
        wholeChars = Math.min(wholeChars, test.length);
        Path work = Files.createTempDirectory("ardm-codec-bench");
        try {
            out.printf("data: %s, test split%n", data.source());
            for (Coded c : models) out.printf("%s: %s%n", c.label(), c.model().config().model());
            RansThroughput.Result rans = RansThroughput.measure(28, 1_000_000, true, 3, 1);
            out.printf("rANS alone (28 symbols, model built per symbol): %.1f M symbols/s encode+decode%n", rans.symbolsPerSecond() / 1e6);

            out.printf("%n== per record: %d records of %d chars, each compressed on its own%n", records, d);
            List<Path> files = new ArrayList<>();
            Path recordDir = Files.createDirectories(work.resolve("records"));
            for (int r = 0; r < records; r++) {
                Path f = recordDir.resolve(String.format("r%05d.txt", r));
                Files.write(f, text(test, r * d, d));
                files.add(f);
            }
            List<Row> rows = new ArrayList<>();
            rows.add(external("gzip -9", files, ".gz", List.of("gzip", "-9", "-k", "-n", "-f")));
            rows.add(external("xz -9e", files, ".xz", List.of("xz", "-9e", "-k", "-f")));
            rows.add(external("zstd -19", files, ".zst", List.of("zstd", "-q", "-19", "-f", "--no-check")));
            Path dict = trainDictionary(data, work, d);
            rows.add(external("zstd -19 + dictionary", files, ".zst",
                    List.of("zstd", "-q", "-19", "-f", "--no-check", "--no-dictID", "-D", dict.toString())));
            for (Coded c : models) {
                for (int b : c.budgets()) rows.add(ardmRecords(c.label(), c.model(), test, records, b, out));
            }
            print(rows, out);

            out.printf("%n== whole file: %d held-out chars%n", wholeChars);
            Path whole = work.resolve("whole.txt");
            Files.write(whole, text(test, 0, wholeChars));
            List<Row> wholeRows = new ArrayList<>();
            wholeRows.add(external("gzip -9", List.of(whole), ".gz", List.of("gzip", "-9", "-k", "-n", "-f")));
            wholeRows.add(external("bzip2 -9", List.of(whole), ".bz2", List.of("bzip2", "-9", "-k", "-f")));
            wholeRows.add(external("xz -9e", List.of(whole), ".xz", List.of("xz", "-9e", "-k", "-f")));
            wholeRows.add(external("zstd --ultra -22", List.of(whole), ".zst", List.of("zstd", "-q", "--ultra", "-22", "-f")));
            byte[] original = Files.readAllBytes(whole);
            for (Coded c : models) {
                TextFileCodec codec = c.model().fileCodec();
                for (int b : c.budgets()) {
                    long t0 = System.nanoTime();
                    byte[] packed = codec.compress(original, b);
                    long t1 = System.nanoTime();
                    byte[] back = codec.decompress(packed);
                    long t2 = System.nanoTime();
                    if (!Arrays.equals(original, back)) throw new IllegalStateException("whole-file round trip failed at budget " + b);
                    wholeRows.add(new Row(c.label() + " B=" + b, packed.length, original.length, (t2 - t0) / 1e9));
                    out.printf("  %s B=%d: compress %.0f chars/s, decompress %.0f chars/s%n", c.label(), b,
                            original.length / ((t1 - t0) / 1e9), original.length / ((t2 - t1) / 1e9));
                }
            }
            print(wholeRows, out);
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static byte[] text(byte[] ids, int from, int length) {
        return TextAlphabet.decode(Arrays.copyOfRange(ids, from, from + length)).getBytes(StandardCharsets.US_ASCII);
    }

    /** Records coded one by one (encode, then decode and check), with the exact NLL for the overhead ratio. */
    private static Row ardmRecords(String label, TextCheckpoint.Loaded model, byte[] test, int records, int budget, PrintStream out) {
        ArdmNetwork net = model.codingNetwork();
        int d = net.length();
        Policy policy = model.policy(budget);
        Order order = model.codingOrder();
        ArdmCoder coder = new ArdmCoder(net, order, policy, Categorical.DEFAULT_PRECISION, TextAlphabet.SPACE, 25);
        long[] bytes = new long[records];
        double[] nllBits = new double[records];
        long t0 = System.nanoTime();
        Parallel.forRange(records, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int[] x = new int[d];
                for (int j = 0; j < d; j++) x[j] = test[r * d + j];
                byte[] payload = coder.encode(x, d);
                RansDecoder dec = new RansDecoder(payload, d);
                if (!Arrays.equals(x, coder.decode(dec, d))) throw new IllegalStateException("record " + r + " failed to round-trip");
                dec.finish();
                bytes[r] = payload.length + 1; // + a length byte, as a record store would keep
                nllBits[r] = Likelihood.exactBits(net, x, order, policy, 25) * d;
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        long total = Arrays.stream(bytes).sum();
        double nll = Arrays.stream(nllBits).sum();
        out.printf("  %s B=%d (%d network calls): exact NLL %.4f bpc, coded %.4f bpc incl. framing; coder overhead %.3f%% "
                        + "(payload bits ÷ NLL, final state included); %.0f chars/s encode+decode+NLL%n",
                label, budget, policy.networkCalls(), nll / (records * d), 8.0 * total / (records * d),
                100 * (8.0 * (total - records) / nll - 1), records * d / seconds);
        return new Row(label + " B=" + budget, total, (long) records * d, seconds);
    }

    private static Path trainDictionary(TextDataset data, Path work, int d) throws IOException, InterruptedException {
        Path samples = Files.createDirectories(work.resolve("dict-samples"));
        byte[] train = data.tokens(TextDataset.Split.TRAIN);
        int count = Math.min(20_000, train.length / d);
        List<String> cmd = new ArrayList<>(List.of("zstd", "-q", "--train", "--maxdict=112640", "-o", work.resolve("dict").toString()));
        for (int i = 0; i < count; i++) {
            Path f = samples.resolve("s" + i);
            Files.write(f, text(train, i * (train.length / count), d));
            cmd.add(f.toString());
        }
        exec(cmd);
        return work.resolve("dict");
    }

    private static Row external(String name, List<Path> files, String suffix, List<String> command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        files.forEach(f -> cmd.add(f.toString()));
        long t0 = System.nanoTime();
        exec(cmd);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long bytes = 0;
        long chars = 0;
        for (Path f : files) {
            Path packed = f.resolveSibling(f.getFileName() + suffix);
            bytes += Files.size(packed);
            chars += Files.size(f);
            Files.delete(packed);
        }
        return new Row(name, bytes, chars, seconds);
    }

    private static void exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(cmd.get(0) + " failed (install gzip, bzip2, xz-utils and zstd): " + output.lines().findFirst().orElse(""));
        }
    }

    private static void print(List<Row> rows, PrintStream out) {
        out.printf("  %-24s %12s %10s %10s%n", "codec", "bytes", "bpc", "seconds");
        for (Row r : rows) out.printf("  %-24s %12d %10.4f %10.1f%n", r.codec(), r.bytes(), r.bpc(), r.seconds());
    }
}
