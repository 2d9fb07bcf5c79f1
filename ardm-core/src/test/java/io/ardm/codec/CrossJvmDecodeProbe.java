package io.ardm.codec;

import io.ardm.tensor.Parallel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Child-JVM side of {@link CrossJvmDecodeTest}: decompresses a file with the seeded fuzz model (or the image case, "image:SEED") and writes what it decoded. */
public final class CrossJvmDecodeProbe {
    public static void main(String[] args) throws Exception {
        Parallel.setThreads(Integer.parseInt(args[0]));
        long seed = Long.parseLong(args[1].replace("image:", ""));
        SegmentedFileCodec codec = args[1].startsWith("image:") ? FileCodecFuzz.imageCase(seed).codec() : FileCodecFuzz.codec(seed);
        byte[] text = codec.decompress(Files.readAllBytes(Path.of(args[2])));
        Files.write(Path.of(args[3]), text);
    }
}
