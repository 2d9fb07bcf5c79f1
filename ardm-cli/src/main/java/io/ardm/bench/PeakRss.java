package io.ardm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The peak resident set of this JVM (Linux's VmHWM), for benchmarks that report memory beside time. */
public final class PeakRss {
    private PeakRss() {}

    /** Kilobytes, or empty where /proc/self/status is missing (not Linux). */
    public static OptionalLong kilobytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return OptionalLong.of(Long.parseLong(line.substring(6).replace("kB", "").strip()));
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return OptionalLong.empty();
    }

    /** "peak RSS 391 MB", or "peak RSS unknown". */
    public static String describe() {
        OptionalLong kb = kilobytes();
        return kb.isPresent() ? String.format("peak RSS %.0f MB", kb.getAsLong() / 1024.0) : "peak RSS unknown";
    }
}
