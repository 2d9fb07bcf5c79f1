package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ardm.bench.PeakRss;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The benchmarks' peak RSS is this JVM's high-water mark: at least the heap it has touched. */
class PeakRssTest {
    @Test
    void thePeakCoversMemoryThisJvmHasTouched() {
        assumeTrue(Files.exists(Path.of("/proc/self/status")), "Linux only");
        byte[] touched = new byte[64 << 20];
        for (int i = 0; i < touched.length; i += 4096) touched[i] = 1;
        long kb = PeakRss.kilobytes().orElseThrow();
        assertTrue(kb >= (64L << 10), kb + " kB after touching 64 MB");
        assertTrue(PeakRss.describe().matches("peak RSS \\d+ MB"), PeakRss.describe());
        java.lang.ref.Reference.reachabilityFence(touched); // the pages stay touched until the peak is read
    }
}
