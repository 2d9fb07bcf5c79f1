package io.ardm.cli;

import io.ardm.bench.CodecBench;
import io.ardm.bench.GemmBench;
import io.ardm.bench.PeakFlops;
import io.ardm.bench.PeerBench;
import io.ardm.bench.ScheduleBench;
import io.ardm.bench.TrainStepBench;
import io.ardm.run.BundledModels;
import io.ardm.run.LoadedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ardm bench}: speed measurements printed side by side, with ratios from the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Speed benchmarks, with ratios measured side by side in one run.",
                "%nWithout a subcommand: a quick tour (GEMM and the reference training step)."},
        subcommands = {BenchCommand.Gemm.class, BenchCommand.Train.class, BenchCommand.Schedule.class, BenchCommand.Codec.class, BenchCommand.Images.class,
                BenchCommand.Streams.class, BenchCommand.Serve.class})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "Short runs (the default when no subcommand is given).")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        new Gemm().call();
        Train train = new Train();
        train.steps = 3;
        return train.call();
    }

    @Command(name = "gemm", mixinStandardHelpOptions = true,
            description = "SGEMM GFLOPS at 1024³ and transformer shapes, and the ratio to the measured machine peak.")
    static final class Gemm implements Callable<Integer> {
        @Option(names = "--quick", description = "Fewer repetitions (about 20 s).")
        boolean quick;

        @Override
        public Integer call() {
            System.out.println("== SGEMM (float32, packed Vector API kernel)");
            GemmBench.print(GemmBench.run(quick), System.out);
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "One training step of the reference model (4 layers, d 256, 4 heads, MLP 1024, T 256, batch 16), or with "
                    + "--network wavenet of the small audio preset's WaveNet (48 channels, 12 blocks, upscale-16, D 2,000, batch 8), or with "
                    + "--network unet of the small image preset's U-Net (32 features, 2 ResBlocks, OA, batch 16 tiles of 32×32×3): "
                    + "tokens (samples) per second, next to DJL + PyTorch on the same network and shapes. The transformer's step computes "
                    + "every position's logits, as the peer's does; a second line times it as `ardm train` runs it (the last block on "
                    + "the positions the loss reads only).")
    static final class Train implements Callable<Integer> {
        @Option(names = "--network", paramLabel = "transformer|wavenet|unet",
                description = "Which reference step. Default: ${DEFAULT-VALUE}.")
        String network = "transformer";

        @Option(names = "--steps", description = "Timed steps (min, median and max reported). Default: ${DEFAULT-VALUE}.")
        int steps = 11;

        @Option(names = "--warmup", description = "Untimed warm-up steps. Default: ${DEFAULT-VALUE}.")
        int warmup = 3;

        @Option(names = "--no-peer", description = "Skip the DJL/PyTorch peer (peer-djl/run; its first build downloads ~115 MB from Maven Central).")
        boolean noPeer;

        @Option(names = "--rounds",
                description = "Alternate ardm's timed steps and the peer's this many times and give the median of the per-round ratios: "
                        + "on a machine whose speed drifts (a busy VM), a ratio of runs minutes apart says little. Default: ${DEFAULT-VALUE}.")
        int rounds = 1;

        @Override
        public Integer call() throws Exception {
            if (rounds < 1) throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
            TrainStepBench.Timer timer = TrainStepBench.prepare(network);
            System.out.println("== Training step, reference " + network + " (forward + backward + clipping + AdamW)");
            double peak = 0;
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                String prefix = rounds > 1 ? "round " + round + "/" + rounds + ": " : "";
                TrainStepBench.Result r = timer.time(round == 1 ? warmup : 1, steps, System.err);
                if (round == 1) {
                    peak = PeakFlops.measure(3); // after the step: its warm-up allocates, and peak RSS is the step's
                    System.out.printf("model: %.1f GFLOP per step (matrix products, forward and backward); measured peak %.0f GFLOPS on %d threads (%s)%n",
                            r.flops() / 1e9, peak, r.threads(), io.ardm.tensor.Parallel.cpuModel());
                }
                System.out.printf("%sardm: %d threads, median step %.0f ms (min %.0f, max %.0f, %d steps), %.0f tokens/s, MFU %.0f%%; "
                                + "activations and gradients %.0f MB, peak RSS %.0f MB%n",
                        prefix, r.threads(), r.stepMillis(), r.minMillis(), r.maxMillis(), r.steps(), r.tokensPerSecond(),
                        100 * r.mfu(r.stepMillis(), peak), r.workspaceMb(), r.peakRssMb());
                if (round == 1 && network.equals("transformer")) {
                    TrainStepBench.Result trained = TrainStepBench.prepareAsTrained().time(warmup, steps, System.err);
                    System.out.printf("ardm as `ardm train` runs it (the last block on the positions the loss reads, about half at uniform t): "
                                    + "median step %.0f ms (min %.0f, max %.0f), %.0f tokens/s, %.2f× the step above%n",
                            trained.stepMillis(), trained.minMillis(), trained.maxMillis(), trained.tokensPerSecond(),
                            trained.tokensPerSecond() / r.tokensPerSecond());
                }
                if (noPeer) continue;
                PeerBench.Result peer = PeerBench.run(network, warmup, steps, System.out);
                if (peer == null) return 0;
                System.out.printf("%sDJL %s + PyTorch %s: %d threads, median step %.0f ms (min %.0f, max %.0f), %.0f tokens/s, MFU %.0f%%, peak RSS %.0f MB%n",
                        prefix, peer.djl(), peer.pytorch(), peer.threads(), peer.stepMs(), peer.minMs(), peer.maxMs(), peer.tokensPerSecond(),
                        100 * r.mfu(peer.stepMs(), peak), peer.peakRssMb());
                ratios.add(r.tokensPerSecond() / peer.tokensPerSecond());
                // Peak RSS is compared in the first round only: the process's peak since start includes what later rounds ran between.
                System.out.printf("%sratio ardm / PyTorch (tokens/s of the median steps): %.2f%s%n", prefix, ratios.getLast(),
                        round == 1 ? String.format("; peak RSS ardm / PyTorch: %.2f", r.peakRssMb() / peer.peakRssMb()) : "");
            }
            if (ratios.size() > 1) {
                List<Double> sorted = ratios.stream().sorted().toList();
                System.out.printf("median of %d per-round ratios ardm / PyTorch: %.2f (range %.2f–%.2f)%n",
                        sorted.size(), sorted.get(sorted.size() / 2), sorted.getFirst(), sorted.getLast());
            }
            return 0;
        }
    }

    @Command(name = "schedule", mixinStandardHelpOptions = true,
            description = "Dynamic programming for parallel policies: all budgets up to 100 for D = 3072 and D = 16,000.")
    static final class Schedule implements Callable<Integer> {
        @Option(names = "--quick", description = "Only D = 3072.")
        boolean quick;

        @Override
        public Integer call() {
            System.out.println("== Policy DP (all budgets 1..100)");
            ScheduleBench.run(quick);
            return 0;
        }
    }

    @Command(name = "codec", mixinStandardHelpOptions = true,
            description = {"The compressor next to gzip, bzip2, xz, zstd, brotli and 7z PPMd on the same held-out data.",
                    "%nPer record (records of each --record-lengths value, each alone; zstd also with a dictionary trained on "
                            + "training records) and whole file, for each --budgets value: size, bits per symbol, throughput, and the "
                            + "coder's overhead over the model's exact NLL."})
    static final class Codec implements Callable<Integer> {
        @picocli.CommandLine.Mixin ModelOption model;
        @picocli.CommandLine.Mixin DataOption data;

        @Option(names = "--records", defaultValue = "200",
                description = "Held-out records (each costs about 2·B network calls: encode, decode, exact NLL). Default: ${DEFAULT-VALUE}.")
        int records;

        @Option(names = "--record-lengths", split = ",", defaultValue = "250", paramLabel = "L",
                description = "Symbols per record (each record alone; longer than D, its segments share one stream). Default: ${DEFAULT-VALUE}.")
        int[] recordLengths;

        @Option(names = {"--whole-chars", "--whole-symbols"}, defaultValue = "100000",
                description = "Symbols in the whole-file test (at most the test split; B network calls per D). Default: ${DEFAULT-VALUE}.")
        int wholeChars;

        @Option(names = "--budgets", split = ",", defaultValue = "20,50,100", description = "Network calls per record. Default: ${DEFAULT-VALUE}.")
        int[] budgets;

        @Option(names = "--baseline", paramLabel = "NAME|CHECKPOINT",
                description = "Also code with this left-to-right baseline (bundled, or from `ardm train --left-to-right`), at its only budget, D.")
        String baseline;

        @Override
        public Integer call() throws Exception {
            List<CodecBench.Coded> models = new ArrayList<>();
            LoadedModel oa = model.loadArdm();
            models.add(new CodecBench.Coded("ardm", oa, budgets));
            if (baseline != null) {
                LoadedModel ltr = BundledModels.load(baseline);
                if (!ltr.leftToRight()) throw new IllegalArgumentException(baseline + " is not a left-to-right model");
                if (!ltr.modality().id().equals(oa.modality().id())) {
                    throw new IllegalArgumentException(baseline + " is a " + ltr.modality().id() + " model, " + model.path() + " a " + oa.modality().id() + " model");
                }
                models.add(new CodecBench.Coded("ardm left-to-right", ltr, new int[] {ltr.network().length()}));
            }
            CodecBench.run(models, data.load(oa.modality()), records, recordLengths, wholeChars, System.out);
            return 0;
        }
    }

    @Command(name = "images", mixinStandardHelpOptions = true,
            description = {"Image models next to PNG (optipng -o7), WebP lossless and JPEG XL lossless on held-out 32×32 images.",
                    "%nEach image alone and all of them as one picture: bits per sub-pixel, the coder's overhead over the exact NLL, "
                            + "seconds per image. -m is the first model; --also adds more (e.g. the OA-ARDM beside an upscale ARDM)."})
    static final class Images implements Callable<Integer> {
        @picocli.CommandLine.Mixin ModelOption model;
        @picocli.CommandLine.Mixin DataOption data;

        @Option(names = "--also", split = ",", paramLabel = "NAME|CHECKPOINT", description = "More image models to code the same images with.")
        List<String> also = new ArrayList<>();

        @Option(names = "--images", defaultValue = "40", description = "Test images (each costs about 3·B·S network calls per model). Default: ${DEFAULT-VALUE}.")
        int images;

        @Option(names = {"-b", "--budget"}, defaultValue = "50", description = "Network calls per stage. Default: ${DEFAULT-VALUE}.")
        int budget;

        @Override
        public Integer call() throws Exception {
            List<io.ardm.bench.ImageCodecBench.Coded> models = new ArrayList<>();
            LoadedModel first = model.loadArdm();
            models.add(new io.ardm.bench.ImageCodecBench.Coded(model.label(), first, budget));
            for (String name : also) {
                models.add(new io.ardm.bench.ImageCodecBench.Coded(ModelOption.labelOf(name), BundledModels.load(name).requireOrderAgnostic(), budget));
            }
            io.ardm.bench.ImageCodecBench.run(models, data.load(first.modality()), images, System.out);
            return 0;
        }
    }

    @Command(name = "streams", mixinStandardHelpOptions = true,
            description = {"The Java API's ArdmOutputStream/ArdmInputStream next to the in-memory codec of `ardm compress`/`decompress`, "
                    + "same file, model and budget, one JVM; with --bytes, the peak heap while streaming that much (run it with "
                    + "ARDM_HEAP=256m to hold it to a bound)."})
    static final class Streams implements Callable<Integer> {
        @Option(names = {"-m", "--model"}, defaultValue = "bytes-oa", description = "Bundled model or checkpoint. Default: ${DEFAULT-VALUE}.")
        String model;

        @Option(names = "--file", required = true, description = "The file to code (and, with --megabytes, to repeat).")
        java.nio.file.Path file;

        @Option(names = {"-b", "--budget"}, description = "Network calls per segment. Default: the model's default budget.")
        Integer budget;

        @Option(names = "--bytes", paramLabel = "N", description = "Instead of comparing, stream N bytes (the file repeated) and report the peak heap.")
        Long bytes;

        @Override
        public Integer call() throws Exception {
            io.ardm.ArdmModel m = io.ardm.Ardm.load(model);
            byte[] data = java.nio.file.Files.readAllBytes(file);
            int b = budget != null ? budget : m.defaultBudget();
            if (bytes != null) io.ardm.bench.StreamBench.heap(m, data, bytes, b, System.out);
            else io.ardm.bench.StreamBench.compare(m, data, b, System.out);
            return 0;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Load on `ardm serve`'s API over loopback: concurrent clients, each sending a fixed mix (models, policy, "
                    + "sample and infill at 5 calls, score, compress, decompress of a short English text); a 503 is waited out "
                    + "(Retry-After) and retried. Prints p50/p99 latency per request kind, requests/s, answers by status, lost "
                    + "requests and the peak RSS. Bounded by --requests and --time-limit."})
    static final class Serve implements Callable<Integer> {
        @Option(names = "--clients", defaultValue = "50", description = "Concurrent clients. Default: ${DEFAULT-VALUE}.")
        int clients;

        @Option(names = "--requests", defaultValue = "20", description = "Requests per client. Default: ${DEFAULT-VALUE}.")
        int requests;

        @Option(names = "--time-limit", defaultValue = "300", paramLabel = "SECONDS",
                description = "No new request after this. Default: ${DEFAULT-VALUE}.")
        int seconds;

        @Option(names = "--text-model", defaultValue = "text8-oa", description = "Order-agnostic model for sample/infill/policy. Default: ${DEFAULT-VALUE}.")
        String textModel;

        @Option(names = "--byte-model", defaultValue = "bytes-ltr", description = "Model for score/compress/decompress. Default: ${DEFAULT-VALUE}.")
        String byteModel;

        @Override
        public Integer call() throws Exception {
            if (clients < 1 || requests < 1 || seconds < 1) throw new IllegalArgumentException("--clients, --requests and --time-limit must be >= 1");
            io.ardm.bench.ServeBench.run(textModel, byteModel, clients, requests, seconds, System.out);
            return 0;
        }
    }
}
