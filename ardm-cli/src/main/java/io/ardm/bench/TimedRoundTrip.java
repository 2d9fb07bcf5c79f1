package io.ardm.bench;

import io.ardm.codec.SegmentedFileCodec;
import java.io.IOException;

/** A file compressed and decompressed by a model's file codec, with the seconds each way took (benchmarks and the demo). */
public record TimedRoundTrip(byte[] packed, byte[] restored, double compressSeconds, double decompressSeconds) {
    public static TimedRoundTrip of(SegmentedFileCodec codec, byte[] file, int budget) throws IOException {
        long t0 = System.nanoTime();
        byte[] packed = codec.compress(file, budget);
        long t1 = System.nanoTime();
        byte[] restored = codec.decompress(packed);
        return new TimedRoundTrip(packed, restored, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    }

    /** "1.2 s + 3.4 s": compressing, then decompressing. */
    public String seconds() {
        return String.format("%.1f s + %.1f s", compressSeconds, decompressSeconds);
    }
}
