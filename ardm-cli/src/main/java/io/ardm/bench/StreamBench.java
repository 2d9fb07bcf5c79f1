package io.ardm.bench;

import io.ardm.ArdmInputStream;
import io.ardm.ArdmModel;
import io.ardm.ArdmOutputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The Java API's streams next to the in-memory codec that {@code ardm compress} and {@code decompress} run, on the
 * same data and model in one JVM; and the heap a long stream needs (peak of the heap pools while streaming).
 */
public final class StreamBench {
    private StreamBench() {}

    /** Seconds and bytes of one direction, both ways of doing it. */
    public static void compare(ArdmModel model, byte[] data, int budget, PrintStream out) throws IOException {
        long t0 = System.nanoTime();
        byte[] cli = model.compress(data, budget);
        double cliCompress = seconds(t0);
        t0 = System.nanoTime();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream s = new ArdmOutputStream(sink, model, budget)) {
            new ByteArrayInputStream(data).transferTo(s);
        }
        double apiCompress = seconds(t0);
        if (!Arrays.equals(cli, sink.toByteArray())) throw new IllegalStateException("the stream wrote other bytes than the codec");
        t0 = System.nanoTime();
        byte[] back = model.decompress(cli);
        double cliDecompress = seconds(t0);
        t0 = System.nanoTime();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (InputStream s = new ArdmInputStream(new ByteArrayInputStream(cli), model)) {
            s.transferTo(read);
        }
        double apiDecompress = seconds(t0);
        if (!Arrays.equals(back, data) || !Arrays.equals(read.toByteArray(), data)) throw new IllegalStateException("round trip failed");
        out.printf("%s, budget %d, %,d bytes -> %,d (%.4f bits/byte)%n", model.name(), budget, data.length, cli.length, 8.0 * cli.length / data.length);
        out.printf("%-11s %12s %12s %9s%n", "", "codec (CLI)", "streams", "ratio");
        out.printf("%-11s %10.2f s %10.2f s %9.3f%n", "compress", cliCompress, apiCompress, apiCompress / cliCompress);
        out.printf("%-11s %10.2f s %10.2f s %9.3f%n", "decompress", cliDecompress, apiDecompress, apiDecompress / cliDecompress);
    }

    /**
     * Streams {@code total} bytes of {@code sample} repeated through ArdmOutputStream into a temporary file and back
     * through ArdmInputStream, holding neither the data nor the compressed stream in memory, and reports the heap's peak.
     */
    public static void heap(ArdmModel model, byte[] sample, long total, int budget, PrintStream out) throws IOException {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
        Path packed = Files.createTempFile("ardm-stream-bench", ".ardm");
        try {
            stream(model, sample, total, budget, packed, out);
        } finally {
            Files.deleteIfExists(packed);
        }
    }

    private static void stream(ArdmModel model, byte[] sample, long total, int budget, Path packed, PrintStream out) throws IOException {
        long t0 = System.nanoTime();
        try (OutputStream s = new ArdmOutputStream(new BufferedOutputStream(Files.newOutputStream(packed)), model, budget)) {
            for (long written = 0; written < total; ) {
                int n = (int) Math.min(sample.length, total - written);
                s.write(sample, 0, n);
                written += n;
            }
        }
        double compress = seconds(t0);
        out.printf("compressed %,d bytes -> %,d in %.0f s; peak heap so far %.0f MB (max %.0f MB)%n", total, Files.size(packed), compress,
                peakHeap() / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
        out.flush();
        t0 = System.nanoTime();
        long read = 0;
        try (InputStream s = new ArdmInputStream(new BufferedInputStream(Files.newInputStream(packed)), model)) {
            byte[] buf = new byte[65536];
            for (int n; (n = s.read(buf)) != -1; ) read += n;
        }
        double decompress = seconds(t0);
        if (read != total) throw new IllegalStateException("read " + read + " of " + total + " bytes");
        long peak = peakHeap();
        out.printf("streamed %,d bytes -> %,d (%.4f bits/byte) in %.0f s, back in %.0f s; peak heap %.0f MB (max %.0f MB); %s%n", total,
                Files.size(packed), 8.0 * Files.size(packed) / total, compress, decompress, peak / 1e6, Runtime.getRuntime().maxMemory() / 1e6,
                PeakRss.describe());
    }

    /** The sum of the heap pools' peak use since the last reset. */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        return peak;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
