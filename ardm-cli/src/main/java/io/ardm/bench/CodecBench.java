package io.ardm.bench;

import io.ardm.ardm.StagePolicies;
import io.ardm.codec.ArdmCoder;
import io.ardm.codec.RansDecoder;
import io.ardm.codec.RansEncoder;
import io.ardm.codec.RansThroughput;
import io.ardm.codec.SegmentedFileCodec;
import io.ardm.modality.Dataset;
import io.ardm.modality.Modality;
import io.ardm.run.LoadedModel;
import io.ardm.tensor.Parallel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The compressor next to gzip, bzip2, xz, zstd, brotli and 7-Zip's PPMd on the same held-out data, in one run:
 * <ul>
 *   <li>per record: held-out records of each requested length, each compressed on its own (zstd also with a
 *       dictionary trained on records of the training split — the tool practitioners use for small records);</li>
 *   <li>whole file: a contiguous held-out slice, one file.</li>
 * </ul>
 * An ardm record costs its rANS stream (its ⌈L/D⌉ segments share it, as in a file) plus one length byte; a whole
 * file is the real {@code .ardm} container. Overhead is coded bits ÷ the model's exact NLL for the same orders and
 * policies. Several models can be coded in the same run (e.g. the OA-ARDM at several budgets next to its
 * left-to-right baseline at B = D).
 */
public final class CodecBench {
    private CodecBench() {}

    /** A model to code at each of its budgets; {@code label} names its rows. */
    public record Coded(String label, LoadedModel model, int[] budgets) {}

    public record Row(String codec, long bytes, long symbols, double seconds) {
        double bitsPerSymbol() {
            return 8.0 * bytes / symbols;
        }
    }

    public static void run(List<Coded> models, Dataset data, int records, int[] recordLengths, int wholeSymbols, PrintStream out)
            throws IOException, InterruptedException {
        Modality modality = models.getFirst().model().modality();
        int d = models.getFirst().model().length();
        for (Coded c : models) {
            if (c.model().length() != d || !c.model().modality().id().equals(modality.id())) {
                throw new IllegalArgumentException("the models code different modalities or segment lengths");
            }
        }
        int[] test = data.segments(Dataset.Split.TEST, data.length(Dataset.Split.TEST), 0, 1);
        wholeSymbols = Math.min(wholeSymbols, test.length);
        ExternalCodecs tools = ExternalCodecs.onThisPath("gzip", "gzip", "bzip2", "bzip2", "xz", "xz-utils", "zstd", "zstd", "brotli", "brotli",
                "7z", "p7zip-full");
        Path work = Files.createTempDirectory("ardm-codec-bench");
        try {
            out.printf("data: %s, test split (%s)%n", data.source(), modality.id());
            tools.reportMissing(out);
            for (Coded c : models) out.printf("%s: %s%n", c.label(), c.model().config().describeNetwork());
            RansThroughput.Result rans = RansThroughput.measure(28, 1_000_000, true, 3, 1);
            out.printf("rANS alone (28 symbols, model built per symbol): %.1f M symbols/s encode+decode%n", rans.symbolsPerSecond() / 1e6);
            for (int length : recordLengths) {
                int n = Math.min(records, test.length / length);
                out.printf("%n== per record: %d records of %d symbols, each compressed on its own%n", n, length);
                List<Path> files = new ArrayList<>();
                Path recordDir = Files.createDirectories(work.resolve("records-" + length));
                for (int r = 0; r < n; r++) {
                    Path f = recordDir.resolve(String.format("r%05d.txt", r));
                    Files.write(f, bytes(modality, test, r * length, length));
                    files.add(f);
                }
                List<Row> rows = classical(tools, files, false);
                if (tools.installed("zstd")) {
                    Path dict = trainDictionary(tools, modality, data, work, length);
                    int afterZstd = rows.stream().map(Row::codec).toList().indexOf("zstd -19") + 1;
                    rows.add(afterZstd, external(tools, "zstd -19 + dictionary", files, ".zst",
                            List.of("zstd", "-q", "-19", "-f", "--no-check", "--no-dictID", "-D", dict.toString())));
                }
                for (Coded c : models) {
                    for (int b : c.budgets()) rows.add(ardmRecords(c.label(), c.model(), test, n, length, b, out));
                }
                print(rows, modality, out);
            }

            out.printf("%n== whole file: %d held-out symbols%n", wholeSymbols);
            Path whole = work.resolve("whole.txt");
            Files.write(whole, bytes(modality, test, 0, wholeSymbols));
            List<Row> wholeRows = classical(tools, List.of(whole), true);
            byte[] original = Files.readAllBytes(whole);
            for (Coded c : models) {
                SegmentedFileCodec codec = c.model().fileCodec();
                for (int b : c.budgets()) {
                    TimedRoundTrip trip = TimedRoundTrip.of(codec, original, b);
                    if (!Arrays.equals(original, trip.restored())) throw new IllegalStateException("whole-file round trip failed at budget " + b);
                    wholeRows.add(new Row(c.label() + " B=" + b, trip.packed().length, original.length, trip.compressSeconds() + trip.decompressSeconds()));
                    out.printf("  %s B=%d: compress %.0f symbols/s, decompress %.0f symbols/s%n", c.label(), b,
                            original.length / trip.compressSeconds(), original.length / trip.decompressSeconds());
                }
            }
            print(wholeRows, modality, out);
            out.printf("%nthis JVM (ardm's coding; the other codecs run as their own processes): %s%n", PeakRss.describe());
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** gzip, bzip2, xz, zstd, brotli and 7z PPMd (those installed) on the same files, at their strongest settings. */
    private static List<Row> classical(ExternalCodecs tools, List<Path> files, boolean whole) throws IOException, InterruptedException {
        List<Row> rows = new ArrayList<>();
        rows.add(external(tools, "gzip -9", files, ".gz", List.of("gzip", "-9", "-k", "-n", "-f")));
        rows.add(external(tools, "bzip2 -9", files, ".bz2", List.of("bzip2", "-9", "-k", "-f")));
        rows.add(external(tools, "xz -9e", files, ".xz", List.of("xz", "-9e", "-k", "-f")));
        rows.add(whole ? external(tools, "zstd --ultra -22", files, ".zst", List.of("zstd", "-q", "--ultra", "-22", "-f"))
                : external(tools, "zstd -19", files, ".zst", List.of("zstd", "-q", "-19", "-f", "--no-check")));
        rows.add(external(tools, "brotli -q 11", files, ".br", List.of("brotli", "-q", "11", "-k", "-f")));
        if (tools.installed("7z")) rows.add(sevenZipPpmd(tools, files));
        rows.removeIf(Objects::isNull);
        return rows;
    }

    /** 7-Zip with the PPMd method, one archive per file (7z takes one archive per call). */
    private static Row sevenZipPpmd(ExternalCodecs tools, List<Path> files) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        long bytes = 0;
        long symbols = 0;
        for (Path f : files) {
            Path archive = f.resolveSibling(f.getFileName() + ".7z");
            tools.exec(List.of("7z", "a", "-bd", "-bso0", "-m0=PPMd", "-mx=9", archive.toString(), f.toString()));
            bytes += Files.size(archive);
            symbols += Files.size(f);
            Files.delete(archive);
        }
        return new Row("7z PPMd -mx=9", bytes, symbols, (System.nanoTime() - t0) / 1e9);
    }

    private static byte[] bytes(Modality modality, int[] symbols, int from, int length) {
        return modality.toBytes(Arrays.copyOfRange(symbols, from, from + length));
    }

    /** Records coded one by one (encode, then decode and check), with the exact NLL for the overhead ratio. */
    private static Row ardmRecords(String label, LoadedModel model, int[] test, int records, int length, int budget, PrintStream out) {
        int d = model.length();
        StagePolicies policies = model.policies(budget);
        ArdmCoder coder = model.coder(policies, 25);
        long[] bytes = new long[records];
        double[] nllBits = new double[records];
        long t0 = System.nanoTime();
        Parallel.forRange(records, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                RansEncoder enc = new RansEncoder();
                int segments = (length + d - 1) / d;
                double nll = 0;
                // A stack: the last segment is pushed first, so the decoder reads the first one first.
                for (int s = segments - 1; s >= 0; s--) {
                    int n = Math.min(d, length - s * d);
                    int[] x = segment(test, r * length + s * d, n, d, model.modality().padSymbol());
                    coder.encode(x, n, enc);
                    nll += n == d ? model.exactBits(x, policies, 25) * d : Double.NaN;
                }
                byte[] payload = enc.toByteArray();
                RansDecoder dec = new RansDecoder(payload, (long) length * model.process().stages());
                for (int s = 0; s < segments; s++) {
                    int n = Math.min(d, length - s * d);
                    int[] expected = Arrays.copyOfRange(test, r * length + s * d, r * length + s * d + n);
                    if (!Arrays.equals(expected, coder.decode(dec, n))) throw new IllegalStateException("record " + r + " failed to round-trip");
                }
                dec.finish();
                bytes[r] = payload.length + 1; // + a length byte, as a record store would keep
                nllBits[r] = nll;
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        long total = Arrays.stream(bytes).sum();
        double nll = Arrays.stream(nllBits).sum();
        String unit = model.modality().bitsUnit();
        out.printf("  %s B=%d (%d network calls per segment): exact NLL %.4f %s, coded %.4f %s incl. framing; coder overhead %s "
                        + "(payload bits ÷ NLL, final state included); %.0f symbols/s encode+decode+NLL%n",
                label, budget, policies.networkCalls(), nll / ((long) records * length), unit, 8.0 * total / ((long) records * length), unit,
                Double.isNaN(nll) ? "n/a (records not a multiple of D)" : String.format("%.3f%%", 100 * (8.0 * (total - records) / nll - 1)),
                (double) records * length / seconds);
        return new Row(label + " B=" + budget, total, (long) records * length, seconds);
    }

    /** n symbols from {@code from}, padded to D. */
    private static int[] segment(int[] data, int from, int n, int d, int pad) {
        int[] x = new int[d];
        Arrays.fill(x, pad);
        System.arraycopy(data, from, x, 0, n);
        return x;
    }

    /** A zstd dictionary (110 KB, zstd's default size) trained on up to 20,000 training records of the given length. */
    private static Path trainDictionary(ExternalCodecs tools, Modality modality, Dataset data, Path work, int length)
            throws IOException, InterruptedException {
        Path samples = Files.createDirectories(work.resolve("dict-samples-" + length));
        int[] train = data.segments(Dataset.Split.TRAIN, data.length(Dataset.Split.TRAIN), 0, 1);
        int count = Math.min(20_000, train.length / length);
        Path dict = work.resolve("dict-" + length);
        List<String> cmd = new ArrayList<>(List.of("zstd", "-q", "--train", "--maxdict=112640", "-o", dict.toString()));
        for (int i = 0; i < count; i++) {
            Path f = samples.resolve("s" + i);
            Files.write(f, bytes(modality, train, i * (train.length / count), length));
            cmd.add(f.toString());
        }
        tools.exec(cmd);
        return dict;
    }

    /** One codec over the files, or null when its program is not installed. */
    private static Row external(ExternalCodecs tools, String name, List<Path> files, String suffix, List<String> command)
            throws IOException, InterruptedException {
        if (!tools.installed(command.getFirst())) return null;
        List<String> cmd = new ArrayList<>(command);
        files.forEach(f -> cmd.add(f.toString()));
        long t0 = System.nanoTime();
        tools.exec(cmd);
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

    private static void print(List<Row> rows, Modality modality, PrintStream out) {
        out.printf("  %-28s %12s %10s %10s%n", "codec", "bytes", modality.bitsUnit(), "seconds");
        for (Row r : rows) out.printf("  %-28s %12d %10.4f %10.1f%n", r.codec(), r.bytes(), r.bitsPerSymbol(), r.seconds());
    }
}
