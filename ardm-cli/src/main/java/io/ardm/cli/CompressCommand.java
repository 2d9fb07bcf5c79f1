package io.ardm.cli;

import io.ardm.codec.ArdmFileHeader;
import io.ardm.codec.ArdmMembers;
import io.ardm.codec.SegmentedFileCodec;
import io.ardm.io.AtomicFiles;
import io.ardm.nn.Checkpoint;
import io.ardm.run.BundledModels;
import io.ardm.tensor.Parallel;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ardm compress} and {@code ardm decompress}, with xz's habits: files processed one by one, a failed file
 * reported and the rest continued, exit 0 (all well), 1 (an error) or 2 (a warning only).
 */
final class CompressCommand {
    static final String SUFFIX = ".ardm";
    static final int WARNING = 2;

    private CompressCommand() {}

    /** Options shared by both directions. */
    static final class FileOptions {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to process; '-' reads standard input and writes standard output.")
        List<String> files;

        @Option(names = {"-k", "--keep"}, description = "Keep (don't delete) the input files.")
        boolean keep;

        @Option(names = {"-f", "--force"}, description = "Overwrite existing output files (and compress FILE.ardm again).")
        boolean force;

        @Option(names = {"-c", "--stdout"}, description = "Write to standard output and keep the input files.")
        boolean stdout;

        @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write to OUT (one input only); the input is kept.")
        Path output;

        @Option(names = {"-t", "--test"}, description = "Decompress and check each .ardm file (its CRC-32C included), writing nothing.")
        boolean test;

        @Option(names = {"-l", "--list"}, description = "List what each .ardm file holds: format version, model, modality, "
                + "sizes, ratio, bits per symbol, budget.")
        boolean list;

        @Option(names = {"-v", "--verbose"}, description = "A line per file (sizes, ratio, speed) and a total for several files.")
        boolean verbose;

        @Option(names = {"-q", "--quiet"}, description = "No progress bars, model choices or warnings (errors still print).")
        boolean quiet;

        @Option(names = {"-T", "--threads"}, paramLabel = "N",
                description = "Worker threads (default: one per core). The output is the same for every N.")
        Integer threads;

        void apply() {
            if (output != null && (files.size() != 1 || stdout)) throw new IllegalArgumentException("-o takes exactly one input file and no -c");
            if (threads != null) Parallel.setThreads(threads);
        }

        boolean keepsInput() {
            return keep || stdout || output != null;
        }
    }

    @Command(name = "compress", mixinStandardHelpOptions = true,
            description = {"Compress files losslessly with a trained ARDM (or a left-to-right baseline, at B = D) and rANS.",
                    "%nWithout -m each file is compressed with the bundled model (`ardm models`) that codes it smallest, "
                            + "judged on its first " + ModelChoice.SAMPLE_BYTES + " bytes, and the choice is reported on stderr. "
                            + "A byte model takes any file; a text8 model takes text in a-z and space and refuses anything else "
                            + "with the offending character. FILE becomes FILE.ardm (the input is deleted unless -k, -c or -o, "
                            + "as with xz); -d, -t and -l work as in decompress. The data is modelled in segments of the model's "
                            + "length D (250 by default), each costing at most --budget network calls; segments share up to 16 "
                            + "rANS streams that decode in parallel. What the model cannot shrink is stored as it is, so no file "
                            + "grows by more than its headers (~72 bytes, one per 1,024,000-byte member of a long file).",
                    "%nExit status: 0 all well, 1 an error (the other files are still processed), 2 a warning only."})
    static final class Compress implements Callable<Integer> {
        @Mixin ModelOption model;
        @Mixin FileOptions io;

        @Option(names = {"-b", "--budget"},
                description = "Network calls per segment (1..D) of an order-agnostic model; more calls, fewer bits. Default: "
                        + ModelChoice.DEFAULT_BUDGET + ". A left-to-right baseline always takes D (its only budget).")
        Integer budget;

        @Option(names = {"-d", "--decompress"}, description = "Decompress instead (as `ardm decompress`).")
        boolean decompress;

        @Override
        public Integer call() throws Exception {
            io.apply();
            if (decompress || io.test || io.list) return decompressAll(model, io, "compress");
            List<ModelChoice.Candidate> candidates = model.given()
                    ? List.of(ModelChoice.Candidate.of(model.model, model.load(), budget))
                    : ModelChoice.bundled(budget);
            Tally tally = new Tally("compress", true, io);
            PrintStream choices = io.quiet ? new PrintStream(PrintStream.nullOutputStream()) : System.err;
            for (String f : io.files) {
                if (!f.equals("-") && f.endsWith(SUFFIX) && !io.force) {
                    tally.warning(f + ": already has the " + SUFFIX + " suffix, skipping (-f compresses it anyway)");
                    continue;
                }
                String out = io.output != null ? io.output.toString() : f + SUFFIX;
                tally.run(f, out, (in, sink) -> {
                    ModelChoice.Candidate c = candidates.size() == 1 ? candidates.get(0) : ModelChoice.smallest(candidates, in, f, choices);
                    SegmentedFileCodec codec = c.model().fileCodec();
                    withProgress(io, "compress", () -> codec.segments(in.length()), p -> {
                        try (InputStream data = in.open()) {
                            codec.compress(new BufferedInputStream(data), sink, c.budget(), p);
                        }
                    });
                });
            }
            return tally.finish();
        }
    }

    @Command(name = "decompress", mixinStandardHelpOptions = true,
            description = {"Decompress FILE.ardm to FILE.",
                    "%nNeeds the model it was compressed with, checked by fingerprint: without -m, the bundled model whose "
                            + "fingerprint the file names (a stored file needs none). A truncated or corrupted file, or one from "
                            + "another model, is refused and no output is left behind. Files of format version 3 (earlier builds) "
                            + "still decode.",
                    "%nExit status: 0 all well, 1 an error (the other files are still processed), 2 a warning only."})
    static final class Decompress implements Callable<Integer> {
        @Mixin ModelOption model;
        @Mixin FileOptions io;

        @Override
        public Integer call() throws Exception {
            io.apply();
            return decompressAll(model, io, "decompress");
        }
    }

    private static int decompressAll(ModelOption model, FileOptions io, String command) throws IOException {
        SegmentedFileCodec given = model.given() ? model.load().fileCodec() : null;
        ModelChoice.Bundled bundled = new ModelChoice.Bundled();
        Tally tally = new Tally(command, false, io);
        if (io.list) {
            System.out.printf("%-7s %-8s %-22s %6s %14s %14s %7s %9s  %s%n", "version", "modality", "model", "budget", "original", "compressed",
                    "ratio", "bits/sym", "file");
        }
        for (String f : io.files) {
            if (io.list) {
                tally.list(f, model, given, bundled);
                continue;
            }
            if (!f.equals("-") && !io.stdout && !io.test && io.output == null && !f.endsWith(SUFFIX)) {
                tally.error(f + ": filename has no " + SUFFIX + " suffix (use -c, or -o OUT)");
                continue;
            }
            String out = io.output != null ? io.output.toString() : f.endsWith(SUFFIX) ? f.substring(0, f.length() - SUFFIX.length()) : f + ".out";
            tally.run(f, out, (in, sink) -> withProgress(io, "decompress", () -> segmentsOf(in), p -> {
                try (InputStream packed = new BufferedInputStream(in.open())) {
                    if (given != null) given.decompress(packed, sink, p);
                    else bundled.decompress(packed, sink, p);
                }
            }));
        }
        return tally.finish();
    }

    /** Codes one input onto the output, streaming (one member in memory at a time). */
    @FunctionalInterface
    interface Transform {
        void apply(Input input, OutputStream output) throws IOException;
    }

    /** How many segments a job codes (for the progress bar's length). */
    @FunctionalInterface
    interface Segments {
        long get() throws IOException;
    }

    @FunctionalInterface
    interface Job {
        void run(LongConsumer progress) throws IOException;
    }

    /**
     * Runs a job with a progress bar on stderr when it has enough segments to take a while and stderr is a terminal
     * (in scripts and logs stderr then holds only what went wrong).
     */
    static void withProgress(FileOptions io, String task, Segments count, Job job) throws IOException {
        long segments = io.quiet || !Terminal.interactive() ? 0 : count.get(); // counted only for a bar that may be drawn
        if (segments < 8) {
            job.run(done -> { });
            return;
        }
        try (ProgressBar bar = ProgressLine.builder(task, segments, "segments").continuousUpdate().build()) {
            job.run(bar::stepTo);
        }
    }

    /** The segment count a compressed file's members announce (0 when they are unreadable: decoding reports that). */
    private static long segmentsOf(Input compressed) {
        try (InputStream in = new BufferedInputStream(compressed.open())) {
            return ArdmMembers.summarize(in).segments();
        } catch (IOException e) {
            return 0;
        }
    }

    /** One pass over the files: what each did, the worst outcome so far (the exit status) and the totals. */
    static final class Tally {
        private final String command;
        private final boolean compressing;
        private final FileOptions io;
        private int exit;
        private int done;
        private long bytesIn;
        private long bytesOut;

        Tally(String command, boolean compressing, FileOptions io) {
            this.command = command;
            this.compressing = compressing;
            this.io = io;
        }

        void error(String message) {
            System.err.println("ardm " + command + ": " + message);
            exit = 1;
        }

        void warning(String message) {
            if (!io.quiet) System.err.println("ardm " + command + ": " + message);
            if (exit == 0) exit = WARNING;
        }

        /** Processes one file; a failure is reported and the next file goes on. */
        void run(String input, String output, Transform transform) {
            long start = System.nanoTime();
            try {
                long[] sizes = process(io, compressing, input, output, transform);
                done++;
                bytesIn += sizes[0];
                bytesOut += sizes[1];
                if (io.verbose) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.err.printf("%s: %,d bytes, %,d compressed (%s)%s, %.1f s, %,.0f KB/s%n", input, sizes[0], sizes[1], ratio(sizes[0], sizes[1]),
                            io.test ? ", OK" : "", seconds, sizes[0] / 1e3 / Math.max(seconds, 1e-9));
                }
            } catch (IOException | RuntimeException e) {
                error(ErrorMessages.of(e));
            } catch (OutOfMemoryError e) { // what this file held is garbage now, so the next file may still fit
                error(input + ": " + ErrorMessages.of(e));
            }
        }

        /** One row of --list. */
        void list(String f, ModelOption model, SegmentedFileCodec given, ModelChoice.Bundled bundled) {
            try {
                byte[] packed = f.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(f));
                ArdmMembers.Summary summary = ArdmMembers.summarize(new ByteArrayInputStream(packed));
                ArdmFileHeader h = summary.first();
                long original = summary.originalLength();
                String name = modelName(h.modelFingerprint(), model, given, bundled);
                System.out.printf("%-7d %-8s %-22s %6s %,14d %,14d %6.1f%% %9.4f  %s%n", h.version(), h.modality(), name,
                        summary.stored() ? "stored" : String.valueOf(h.budget()), original, packed.length,
                        100.0 * packed.length / Math.max(1, original), 8.0 * packed.length / Math.max(1, original), f);
                done++;
                bytesIn += original;
                bytesOut += packed.length;
            } catch (IOException | RuntimeException e) {
                error(f + ": " + ErrorMessages.of(e));
            }
        }

        private static String modelName(byte[] fingerprint, ModelOption model, SegmentedFileCodec given, ModelChoice.Bundled bundled)
                throws IOException {
            if (given != null && Arrays.equals(given.fingerprint(), fingerprint)) return model.model;
            return bundled.withFingerprint(fingerprint).map(BundledModels.Named::name).orElse(Checkpoint.hex(fingerprint).substring(0, 12) + "…");
        }

        int finish() {
            if ((io.verbose || io.list) && io.files.size() > 1) {
                PrintStream out = io.list ? System.out : System.err;
                out.printf("%d of %d files: %,d bytes, %,d compressed (%s)%n", done, io.files.size(), bytesIn, bytesOut, ratio(bytesIn, bytesOut));
            }
            return exit;
        }

        private static String ratio(long original, long packed) {
            return String.format("%.1f %%, %.3f bits/byte", 100.0 * packed / Math.max(1, original), 8.0 * packed / Math.max(1, original));
        }
    }

    /**
     * Streams the input through the transform to the output: a file is written to a temporary and renamed (so a
     * failure changes nothing), standard output directly, and with --test nothing is written; then the input is
     * deleted (unless kept). Returns the {original, compressed} sizes.
     */
    static long[] process(FileOptions io, boolean compressing, String input, String output, Transform transform) throws IOException {
        boolean fromStdin = input.equals("-");
        boolean toStdout = fromStdin && io.output == null || io.stdout;
        Path target = Path.of(output);
        if (!io.test && !toStdout && Files.exists(target) && !io.force) {
            throw new IOException(output + ": file exists (use -f to overwrite)");
        }
        long inputLength;
        long[] written = {0};
        try (Input in = Input.of(input)) {
            inputLength = in.length();
            if (io.test) {
                run(transform, in, new Sink(OutputStream.nullOutputStream(), "(null)", written), fromStdin, input);
            } else if (toStdout) {
                run(transform, in, new Sink(Stdout.stream(), "(stdout)", written), fromStdin, input);
                Stdout.check();
            } else {
                AtomicFiles.write(target, out -> run(transform, in, new Sink(out, output, written), fromStdin, input));
            }
        }
        if (!io.test && !toStdout && !io.keepsInput() && !fromStdin) Files.delete(Path.of(input));
        return compressing ? new long[] {inputLength, written[0]} : new long[] {written[0], inputLength};
    }

    /** The transform, its failures named by the input (the output's own failures name the output). */
    private static void run(Transform transform, Input in, Sink sink, boolean fromStdin, String input) throws IOException {
        try {
            transform.apply(in, sink);
            sink.flush();
        } catch (Sink.Failure e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IOException((fromStdin ? "(stdin)" : input) + ": " + ErrorMessages.of(e), e);
        }
    }

    /** The output, counting what is written; its write errors are a {@link Failure} that names the output. */
    private static final class Sink extends OutputStream {
        /** A write error of the output: the message is complete ("(stdout): write error: No space left on device"). */
        static final class Failure extends IOException {
            private static final long serialVersionUID = 1L;

            Failure(String message, IOException cause) {
                super(message, cause);
            }
        }

        private final OutputStream out;
        private final String name;
        private final long[] written;

        Sink(OutputStream out, String name, long[] written) {
            this.out = out;
            this.name = name;
            this.written = written;
        }

        @Override public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw failure(e);
            }
            written[0] += len;
        }

        @Override public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw failure(e);
            }
        }

        private Failure failure(IOException e) {
            if (e instanceof Failure f) return f;
            String reason = ErrorMessages.of(e);
            return new Failure(reason.startsWith("(stdout)") ? reason : name + ": write error: " + reason, e);
        }
    }
}
