package io.ardm.modality.image;

import io.ardm.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/**
 * Builds the offline stand-in for CIFAR-10 (spec §6.1 data): 32×32 crops of pictures that Debian ships. Each picture
 * (the largest of its resolution variants) is shrunk by area averaging so that its shorter side is each of
 * {@link #SCALES} no larger than it, and every scale is cut into a grid of whole 32×32 tiles (centred; the margins are
 * dropped), so that small scales give crops that hold whole objects and large ones texture. The split is by picture,
 * never by crop: pictures sorted by the SHA-256 of their name give the first 10 % (rounded up) to test and the next
 * 7 % to valid. Crops are shuffled within each split with a fixed seed. Writes train/valid/test.rgb and corpus.tsv
 * (one line per picture: split, source, name, file, licence, crops).
 *
 * <p>Input: a TSV of {@code source, picture, file, licence} lines (scripts/build-image-corpus writes it); lines of the
 * same source and picture are resolution variants of one picture.
 */
public final class ImageCorpusBuilder {
    static final int[] SCALES = {32, 48, 64, 96, 128, 192, 256};
    /** The bundled sample keeps the small scales only (a few hundred KB). */
    static final int[] SAMPLE_SCALES = {32, 64, 96, 128};
    private static final long SHUFFLE_SEED = 20261202L;

    /** One source picture and what became of it. */
    record Source(String source, String name, Path file, String licence) {
        String key() {
            return source + "/" + name;
        }
    }

    /** The crops of one split, the pictures they came from and how many crops each gave. */
    record Split(String name, List<Source> pictures, List<byte[]> crops, List<Integer> cropsPerPicture) {}

    public static void main(String[] args) throws IOException {
        boolean sample = args.length == 3 && args[0].equals("--sample");
        if (args.length != 2 && !sample) {
            System.err.println("usage: ImageCorpusBuilder [--sample] MANIFEST.tsv OUT (a directory, or the sample's .gz file)");
            System.exit(2);
        }
        Path manifest = Path.of(args[sample ? 1 : 0]), out = Path.of(args[sample ? 2 : 1]);
        List<Split> splits = build(readManifest(manifest), sample ? SAMPLE_SCALES : SCALES);
        for (Split s : splits) System.err.printf("%-5s %3d pictures, %,6d crops%n", s.name(), s.pictures().size(), s.crops().size());
        if (sample) writeSample(splits, out);
        else write(splits, out);
    }

    static List<Source> readManifest(Path manifest) throws IOException {
        Map<String, Source> largest = new LinkedHashMap<>();
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t");
            if (f.length != 4) throw new IOException(manifest + ": expected source, picture, file, licence in: " + line);
            Source s = new Source(f[0], f[1], Path.of(f[2]), f[3]);
            Source seen = largest.get(s.key());
            if (seen == null || Files.size(s.file()) > Files.size(seen.file())) largest.put(s.key(), s);
        }
        return new ArrayList<>(largest.values());
    }

    /** The three splits (train, valid, test) of crops of the pictures at the given shorter-side scales. */
    static List<Split> build(List<Source> pictures, int[] scales) throws IOException {
        List<Source> sorted = new ArrayList<>(pictures);
        sorted.sort(Comparator.comparing(s -> sha256(s.key())));
        int test = (int) Math.ceil(sorted.size() * 0.10), valid = (int) Math.ceil(sorted.size() * 0.07);
        List<Split> splits = new ArrayList<>();
        for (String name : List.of("train", "valid", "test")) splits.add(new Split(name, new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
        for (int i = 0; i < sorted.size(); i++) {
            Split split = splits.get(i < test ? 2 : i < test + valid ? 1 : 0);
            split.pictures().add(sorted.get(i));
        }
        for (Split s : splits) {
            for (var it = s.pictures().iterator(); it.hasNext(); ) {
                Source p = it.next();
                List<byte[]> crops;
                try {
                    crops = crops(p, scales);
                } catch (UnusablePicture e) {
                    System.err.println("skipped " + e.getMessage());
                    it.remove();
                    continue;
                }
                s.crops().addAll(crops);
                s.cropsPerPicture().add(crops.size());
            }
            shuffle(s.crops(), SHUFFLE_SEED + s.name().hashCode());
        }
        return splits;
    }

    /** A picture the image models cannot take (transparency, 16-bit samples): left out of the corpus. */
    static final class UnusablePicture extends IOException {
        UnusablePicture(String message) {
            super(message);
        }
    }

    /** A picture's crops at every scale it reaches. */
    static List<byte[]> crops(Source source, int[] scales) throws IOException {
        var image = ImageIO.read(source.file().toFile());
        if (image == null) throw new IOException(source.file() + ": not an image ImageIO reads");
        Picture picture;
        try {
            picture = Png.fromImage(image).rgb();
        } catch (IllegalArgumentException e) {
            throw new UnusablePicture(source.file() + ": " + e.getMessage());
        }
        return crops(picture, scales);
    }

    static List<byte[]> crops(Picture picture, int[] scales) {
        List<byte[]> out = new ArrayList<>();
        int shorter = Math.min(picture.width(), picture.height());
        for (int side : scales) {
            if (side > shorter) break;
            int w = (int) Math.round((double) picture.width() * side / shorter), h = (int) Math.round((double) picture.height() * side / shorter);
            Picture scaled = AreaResize.shrink(picture, Math.min(w, picture.width()), Math.min(h, picture.height()));
            int t = ImageModality.TILE, across = scaled.width() / t, down = scaled.height() / t;
            int x0 = (scaled.width() - across * t) / 2, y0 = (scaled.height() - down * t) / 2;
            for (int ty = 0; ty < down; ty++) {
                for (int tx = 0; tx < across; tx++) out.add(scaled.crop(x0 + tx * t, y0 + ty * t, t, t).pixels());
            }
        }
        return out;
    }

    private static void shuffle(List<byte[]> crops, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = crops.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            crops.set(j, crops.set(i, crops.get(j)));
        }
    }

    private static void write(List<Split> splits, Path dir) throws IOException {
        Files.createDirectories(dir);
        String[] files = {ImageCorpus.TRAIN, ImageCorpus.VALID, ImageCorpus.TEST};
        StringBuilder tsv = new StringBuilder("split\tsource\tpicture\tfile\tlicence\tcrops\n");
        for (int i = 0; i < 3; i++) {
            Split s = splits.get(i);
            AtomicFiles.write(dir.resolve(files[i]), concat(s.crops()));
            for (int j = 0; j < s.pictures().size(); j++) {
                Source p = s.pictures().get(j);
                tsv.append(String.join("\t", s.name(), p.source(), p.name(), p.file().toString(), p.licence(),
                        s.cropsPerPicture().get(j).toString())).append('\n');
            }
        }
        AtomicFiles.write(dir.resolve("corpus.tsv"), tsv.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void writeSample(List<Split> splits, Path file) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(ImageCorpus.toSample(concat(splits.get(0).crops()), concat(splits.get(1).crops()), concat(splits.get(2).crops())));
        }
        AtomicFiles.write(file, gz.toByteArray());
    }

    private static byte[] concat(List<byte[]> crops) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] c : crops) out.writeBytes(c);
        return out.toByteArray();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
