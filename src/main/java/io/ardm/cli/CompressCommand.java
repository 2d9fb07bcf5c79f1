package io.ardm.cli;

import io.ardm.codec.ArdmFileHeader;
import io.ardm.codec.SegmentedFileCodec;
import io.ardm.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ardm compress} and {@code ardm decompress}, with xz's habits. */
final class CompressCommand {
    static final String SUFFIX = ".ardm";

    private CompressCommand() {}

    /** Options shared by both directions. */
    static final class FileOptions {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to process; '-' reads standard input and writes standard output.")
        List<String> files;

        @Option(names = {"-k", "--keep"}, description = "Keep (don't delete) the input files.")
        boolean keep;

        @Option(names = {"-f", "--force"}, description = "Overwrite existing output files.")
        boolean force;

        @Option(names = {"-c", "--stdout"}, description = "Write to standard output and keep the input files.")
        boolean stdout;
    }

    @Command(name = "compress", mixinStandardHelpOptions = true,
            description = {"Compress files losslessly with a trained ARDM (or a left-to-right baseline, at B = D) and rANS.",
                    "%nWithout -m each file is compressed with the bundled model (`ardm models`) that codes it smallest, "
                            + "judged on its first " + ModelChoice.SAMPLE_BYTES + " bytes, and the choice is reported on stderr. "
                            + "A byte model takes any file; a text8 model takes text in a-z and space and refuses anything else "
                            + "with the offending character. FILE becomes FILE.ardm (the input is deleted unless -k or -c, as "
                            + "with xz). The data is modelled in segments of the model's length D (250 by default), each "
                            + "costing at most --budget network calls; segments share up to 16 rANS streams that decode in parallel. "
                            + "What the model cannot shrink is stored as it is, so no file grows by more than the header (~72 bytes)."})
    static final class Compress implements Callable<Integer> {
        @Mixin ModelOption model;
        @Mixin FileOptions io;

        @Option(names = {"-b", "--budget"},
                description = "Network calls per segment (1..D) of an order-agnostic model; more calls, fewer bits. Default: "
                        + ModelChoice.DEFAULT_BUDGET + ". A left-to-right baseline always takes D (its only budget).")
        Integer budget;

        @Override
        public Integer call() throws Exception {
            List<ModelChoice.Candidate> candidates = model.given()
                    ? List.of(ModelChoice.Candidate.of(model.model, model.load(), budget))
                    : ModelChoice.bundled(budget);
            for (String f : io.files) {
                process(io, f, f + SUFFIX, in -> {
                    ModelChoice.Candidate c = candidates.size() == 1 ? candidates.get(0) : ModelChoice.smallest(candidates, in, f, System.err);
                    SegmentedFileCodec codec = c.model().fileCodec();
                    return withProgress("compress", codec.segments(in.length), p -> codec.compress(in, c.budget(), p));
                });
            }
            return 0;
        }
    }

    @Command(name = "decompress", mixinStandardHelpOptions = true,
            description = {"Decompress FILE.ardm to FILE.",
                    "%nNeeds the model it was compressed with, checked by fingerprint: without -m, the bundled model whose "
                            + "fingerprint the file names (a stored file needs none). A truncated or corrupted file, or one from "
                            + "another model, is refused and no output is left behind. Files of format version 3 (earlier builds) "
                            + "still decode."})
    static final class Decompress implements Callable<Integer> {
        @Mixin ModelOption model;
        @Mixin FileOptions io;

        @Override
        public Integer call() throws Exception {
            SegmentedFileCodec given = model.given() ? model.load().fileCodec() : null;
            for (String f : io.files) {
                if (!f.equals("-") && !io.stdout && !f.endsWith(SUFFIX)) {
                    throw new IllegalArgumentException(f + ": filename has no " + SUFFIX + " suffix (use -c to write to standard output)");
                }
                String out = f.endsWith(SUFFIX) ? f.substring(0, f.length() - SUFFIX.length()) : f + ".out";
                process(io, f, out, in -> withProgress("decompress", segmentsOf(in),
                        p -> given != null ? given.decompress(in, p) : ModelChoice.decompressWithBundled(in, p)));
            }
            return 0;
        }
    }

    @FunctionalInterface
    interface Transform {
        byte[] apply(byte[] input) throws IOException;
    }

    @FunctionalInterface
    interface Job {
        byte[] run(LongConsumer progress) throws IOException;
    }

    /** Runs a job with a progress bar on stderr when it has enough segments to take a while. */
    static byte[] withProgress(String task, long segments, Job job) throws IOException {
        if (segments < 8) return job.run(done -> { });
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(segments).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" segments", 1).setUpdateIntervalMillis(500).continuousUpdate().build()) {
            return job.run(bar::stepTo);
        }
    }

    /** The segment count a compressed file announces (0 when the header is unreadable: decoding reports that). */
    private static long segmentsOf(byte[] compressed) {
        try {
            ArdmFileHeader h = ArdmFileHeader.read(new java.io.ByteArrayInputStream(compressed));
            return h.stored() ? 0 : h.segmentCount();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Reads, transforms, writes atomically, then deletes the input (unless kept): a failure changes nothing. */
    static void process(FileOptions io, String input, String output, Transform transform) throws IOException {
        boolean fromStdin = input.equals("-");
        Path target = Path.of(output);
        if (!fromStdin && !io.stdout && Files.exists(target) && !io.force) {
            throw new IOException(output + ": file exists (use -f to overwrite)");
        }
        byte[] in;
        if (fromStdin) {
            in = System.in.readAllBytes();
        } else {
            Path p = Path.of(input);
            if (Files.isDirectory(p)) throw new IOException(input + ": Is a directory");
            if (Files.exists(p) && !Files.isRegularFile(p)) throw new IOException(input + ": Not a regular file");
            in = Files.readAllBytes(p);
        }
        byte[] out;
        try {
            out = transform.apply(in);
        } catch (IOException | RuntimeException e) {
            throw new IOException((fromStdin ? "(stdin)" : input) + ": " + ErrorMessages.of(e), e);
        }
        if (fromStdin || io.stdout) {
            Stdout.write(out);
            return;
        }
        AtomicFiles.write(target, out);
        if (!io.keep) Files.delete(Path.of(input));
    }
}
