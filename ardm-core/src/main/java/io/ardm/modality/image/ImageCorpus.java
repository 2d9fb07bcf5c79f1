package io.ardm.modality.image;

import io.ardm.modality.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Image corpora on disk, as {@link Dataset}s of whole 32×32×3 images ({@value ImageModality#LENGTH} symbols each, in
 * the modality's order): the directory {@link ImageCorpusBuilder} writes ({@value #TRAIN}, {@value #VALID},
 * {@value #TEST}: crops back to back), or CIFAR-10's binary version (data_batch_1..5.bin and test_batch.bin, each
 * record a label byte and the R, G and B planes): its last 5,000 training images are the validation split.
 */
public final class ImageCorpus {
    public static final String TRAIN = "train.rgb", VALID = "valid.rgb", TEST = "test.rgb";
    static final int CIFAR_RECORD = 1 + ImageModality.LENGTH;
    static final int CIFAR_VALID = 5000;

    private ImageCorpus() {}

    public static Dataset read(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            throw new IOException("no image corpus at " + path + " (a directory of " + TRAIN + "/" + VALID + "/" + TEST
                    + " or of CIFAR-10's data_batch_*.bin; scripts/build-image-corpus makes one)");
        }
        if (Files.isRegularFile(path.resolve("data_batch_1.bin"))) return cifar(path);
        byte[][] splits = new byte[3][];
        String[] names = {TRAIN, VALID, TEST};
        for (int i = 0; i < 3; i++) {
            Path file = path.resolve(names[i]);
            if (!Files.isRegularFile(file)) throw new IOException("directory " + path + " is not an image corpus: " + names[i] + " is missing");
            splits[i] = Files.readAllBytes(file);
            if (splits[i].length % ImageModality.LENGTH != 0) {
                throw new IOException(file + " is not whole 32×32×3 images (" + splits[i].length + " bytes)");
            }
        }
        return new Dataset("image corpus " + path, splits[0], splits[1], splits[2]);
    }

    /** CIFAR-10: train = batches 1..5 less the last 5,000 images (valid), test = test_batch. */
    static Dataset cifar(Path dir) throws IOException {
        ByteArrayOutputStream train = new ByteArrayOutputStream();
        for (int b = 1; b <= 5; b++) train.write(cifarImages(dir.resolve("data_batch_" + b + ".bin")));
        byte[] all = train.toByteArray();
        int validStart = all.length - CIFAR_VALID * ImageModality.LENGTH;
        if (validStart < 0) throw new IOException(dir + ": fewer than " + CIFAR_VALID + " CIFAR-10 training images");
        return new Dataset("CIFAR-10 " + dir, Arrays.copyOf(all, validStart), Arrays.copyOfRange(all, validStart, all.length),
                cifarImages(dir.resolve("test_batch.bin")));
    }

    /** A CIFAR-10 batch file's images in the modality's order (the labels dropped). */
    static byte[] cifarImages(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + " is missing (a CIFAR-10 binary batch)");
        byte[] raw = Files.readAllBytes(file);
        if (raw.length % CIFAR_RECORD != 0) throw new IOException(file + " is not CIFAR-10 binary records of 3,073 bytes");
        int n = raw.length / CIFAR_RECORD, plane = ImageModality.TILE * ImageModality.TILE;
        byte[] out = new byte[n * ImageModality.LENGTH];
        for (int i = 0; i < n; i++) {
            int from = i * CIFAR_RECORD + 1;
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) out[i * ImageModality.LENGTH + p * 3 + c] = raw[from + c * plane + p];
            }
        }
        return out;
    }

    /** The bundled sample's layout: three big-endian counts of crops (train, valid, test), then the crops. */
    static Dataset fromSample(String source, byte[] sample) {
        ByteBuffer in = ByteBuffer.wrap(sample);
        byte[][] splits = new byte[3][];
        int[] counts = {in.getInt(), in.getInt(), in.getInt()};
        for (int i = 0; i < 3; i++) {
            splits[i] = new byte[counts[i] * ImageModality.LENGTH];
            in.get(splits[i]);
        }
        return new Dataset(source, splits[0], splits[1], splits[2]);
    }

    /** The bundled sample's bytes for these splits of crops. */
    static byte[] toSample(byte[] train, byte[] valid, byte[] test) {
        ByteBuffer out = ByteBuffer.allocate(12 + train.length + valid.length + test.length);
        out.putInt(train.length / ImageModality.LENGTH).putInt(valid.length / ImageModality.LENGTH).putInt(test.length / ImageModality.LENGTH);
        return out.put(train).put(valid).put(test).array();
    }
}
