package io.ardm.bench;

import io.ardm.ardm.StagePolicies;
import io.ardm.codec.ArdmCoder;
import io.ardm.codec.ArdmContainer;
import io.ardm.codec.RansEncoder;
import io.ardm.codec.SegmentedFileCodec;
import io.ardm.modality.Dataset;
import io.ardm.modality.image.ImageModality;
import io.ardm.modality.image.Picture;
import io.ardm.modality.image.Png;
import io.ardm.run.LoadedModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Held-out 32×32 images through the image models and the classical lossless codecs in one run (issue: images), in bits
 * per sub-pixel (bpd, D = 3,072 per image):
 * <ul>
 *   <li>each image alone: the best PNG ({@code optipng -o7}, or ImageIO's if smaller), WebP lossless ({@code cwebp
 *       -lossless -z 9}), JPEG XL lossless ({@code cjxl -d 0 -e 9}), and each model's whole {@code .ardm} file (stored
 *       when the model would not shrink the PNG) and its rANS stream alone, whatever its size; the model's exact NLL in its coding orders under the same policies, so
 *       payload ÷ NLL is the coder's overhead; seconds per image to compress and to decompress;</li>
 *   <li>as one set: the images stacked into one 32 × 32n picture, one file per codec.</li>
 * </ul>
 * Every ardm file is decoded and compared with the pixels it came from.
 */
public final class ImageCodecBench {
    private ImageCodecBench() {}

    /** A model coded at a budget per stage; {@code label} names its rows. */
    public record Coded(String label, LoadedModel model, int budget) {}

    private record Row(String codec, long bytes, double compressSeconds, double decompressSeconds) {}

    public static void run(List<Coded> models, Dataset data, int images, PrintStream out) throws IOException, InterruptedException {
        int d = ImageModality.LENGTH;
        for (Coded c : models) {
            if (!(c.model().modality() instanceof ImageModality)) throw new IllegalArgumentException(c.label() + " is not an image model");
        }
        int n = Math.min(images, data.segmentCount(Dataset.Split.TEST, d));
        int[] test = data.segments(Dataset.Split.TEST, d, 0, n);
        ExternalCodecs tools = ExternalCodecs.onThisPath("optipng", "optipng", "cwebp", "webp", "cjxl", "libjxl-tools");
        Path work = Files.createTempDirectory("ardm-image-bench");
        try {
            out.printf("data: %s, the first %d images of the test split (%,d sub-pixels)%n", data.source(), n, (long) n * d);
            tools.reportMissing(out);
            List<Path> alone = new ArrayList<>();
            for (int i = 0; i < n; i++) alone.add(Files.write(work.resolve("img" + i + ".png"), Png.write(picture(test, i, 1))));
            Path set = Files.write(work.resolve("set.png"), Png.write(picture(test, 0, n)));
            List<Row> rows = classical(tools, alone);
            List<Row> setRows = classical(tools, List.of(set));
            for (Coded c : models) {
                rows.addAll(ardmAlone(c, alone, test, out));
                setRows.add(ardmFile(c, set));
            }
            out.printf("%neach image alone (%d images; bpd = 8 · bytes / (3,072 · images)):%n", n);
            print(rows, (long) n * d, out);
            out.printf("%nas one set (one %d×%d picture):%n", ImageModality.TILE, ImageModality.TILE * n);
            print(setRows, (long) n * d, out);
        } finally {
            try (var files = Files.list(work)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(work);
        }
    }

    /** Images {@code first ..} one below the other: in raster order a 32-wide column is their pixels back to back. */
    private static Picture picture(int[] symbols, int first, int count) {
        byte[] pixels = new byte[count * ImageModality.LENGTH];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) symbols[first * ImageModality.LENGTH + i];
        return new Picture(ImageModality.TILE, ImageModality.TILE * count, ImageModality.CHANNELS, pixels);
    }

    private static List<Row> ardmAlone(Coded c, List<Path> files, int[] test, PrintStream out) throws IOException {
        SegmentedFileCodec codec = c.model().fileCodec();
        StagePolicies policies = c.model().policies(c.budget());
        ArdmCoder coder = c.model().coder(policies, 25);
        long fileBytes = 0, payloadBytes = 0;
        int stored = 0;
        double nllBits = 0, compress = 0, decompress = 0;
        for (int i = 0; i < files.size(); i++) {
            byte[] png = Files.readAllBytes(files.get(i));
            TimedRoundTrip trip = TimedRoundTrip.of(codec, png, c.budget());
            byte[] packed = trip.packed();
            if (!Arrays.equals(Png.read(trip.restored()).pixels(), Png.read(png).pixels())) throw new IllegalStateException(c.label() + ": image " + i + " did not round-trip");
            compress += trip.compressSeconds();
            decompress += trip.decompressSeconds();
            fileBytes += packed.length;
            int[] x = Arrays.copyOfRange(test, i * ImageModality.LENGTH, (i + 1) * ImageModality.LENGTH);
            ArdmContainer.Contents contents = ArdmContainer.read(new ByteArrayInputStream(packed));
            byte[] first = contents.header().stored() ? null : contents.payloads().getFirst();
            if (first == null || first[0] != SegmentedFileCodec.RANS) { // stored, or symbols kept plainly: code the stream to measure it
                if (first == null) stored++;
                RansEncoder stream = new RansEncoder();
                coder.encode(x, x.length, stream);
                payloadBytes += stream.toByteArray().length;
            } else {
                payloadBytes += first.length - 1; // less the payload's mode byte
            }
            nllBits += c.model().exactBits(x, policies, 32) * ImageModality.LENGTH;
        }
        int n = files.size();
        long dims = (long) n * ImageModality.LENGTH;
        out.printf("%s at %d calls per stage (%d stages): exact NLL %.4f bpd, rANS stream %.4f bpd, coder overhead %.2f %%; "
                        + "%.2f s / %.2f s per image to compress / decompress; %d of %d files stored (the model would not shrink the PNG)%n",
                c.label(), c.budget(), c.model().process().stages(), nllBits / dims, 8.0 * payloadBytes / dims,
                100 * (8.0 * payloadBytes / nllBits - 1), compress / n, decompress / n, stored, n);
        return List.of(new Row(c.label() + " file", fileBytes, compress, decompress),
                new Row(c.label() + " rANS stream (no header)", payloadBytes, Double.NaN, Double.NaN));
    }

    private static Row ardmFile(Coded c, Path set) throws IOException {
        byte[] png = Files.readAllBytes(set);
        TimedRoundTrip trip = TimedRoundTrip.of(c.model().fileCodec(), png, c.budget());
        if (!Arrays.equals(Png.read(trip.restored()).pixels(), Png.read(png).pixels())) throw new IllegalStateException(c.label() + ": the set did not round-trip");
        return new Row(c.label() + " file", trip.packed().length, trip.compressSeconds(), trip.decompressSeconds());
    }

    /** A classical image codec: its row, its program, the suffix of what it writes and its command from input to output. */
    private record Classical(String row, String program, String suffix, BiFunction<Path, Path, List<String>> command) {}

    private static final List<Classical> CLASSICAL = List.of(
            new Classical("PNG (optipng -o7)", "optipng", ".opt.png", (in, out) -> List.of("optipng", "-o7", "-quiet", "-out", out.toString(), in.toString())),
            new Classical("WebP lossless (-z 9)", "cwebp", ".webp", (in, out) -> List.of("cwebp", "-lossless", "-z", "9", "-quiet", in.toString(), "-o", out.toString())),
            new Classical("JPEG XL lossless (-e 9)", "cjxl", ".jxl", (in, out) -> List.of("cjxl", "-d", "0", "-e", "9", "--quiet", in.toString(), out.toString())));

    /** Each installed classical codec over the files; PNG counts ImageIO's own file when optipng's is not smaller. */
    private static List<Row> classical(ExternalCodecs tools, List<Path> files) throws IOException, InterruptedException {
        List<Row> rows = new ArrayList<>();
        for (Classical c : CLASSICAL) {
            if (!tools.installed(c.program())) continue;
            long bytes = 0;
            double seconds = 0;
            for (Path f : files) {
                Path packed = f.resolveSibling(f.getFileName() + c.suffix());
                long t0 = System.nanoTime();
                tools.exec(c.command().apply(f, packed));
                seconds += (System.nanoTime() - t0) / 1e9;
                bytes += c.suffix().endsWith(".png") ? Math.min(Files.size(packed), Files.size(f)) : Files.size(packed);
                Files.delete(packed);
            }
            rows.add(new Row(c.row(), bytes, seconds, Double.NaN));
        }
        return rows;
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "" : String.format("%.1f", s);
    }

    private static void print(List<Row> rows, long dims, PrintStream out) {
        out.printf("  %-36s %10s %8s %12s %12s%n", "codec", "bytes", "bpd", "compress s", "decompress s");
        for (Row r : rows) {
            out.printf("  %-36s %10d %8.4f %12s %12s%n", r.codec(), r.bytes(), 8.0 * r.bytes() / dims, seconds(r.compressSeconds()),
                    seconds(r.decompressSeconds()));
        }
    }
}
