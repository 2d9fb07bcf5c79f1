package io.ardm.codec;

import io.ardm.tensor.Parallel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Child-JVM side of {@link CrossJvmDecodeTest}: decompresses a file with the seeded fuzz model and writes the text. */
public final class CrossJvmDecodeProbe {
    public static void main(String[] args) throws Exception {
        Parallel.setThreads(Integer.parseInt(args[0]));
        byte[] text = FileCodecFuzz.codec(Long.parseLong(args[1])).decompress(Files.readAllBytes(Path.of(args[2])));
        Files.write(Path.of(args[3]), text);
    }
}
