package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.bench.ServeBench;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `ardm bench serve` sends every request of its mix and counts what came back; its percentiles are nearest-rank. */
class BenchServeTest {
    @Test
    void everyRequestIsAnsweredAndCounted() {
        CliCommandsTest.Output o = CliCommandsTest.run("bench", "serve", "--clients", "3", "--requests", "7");
        assertEquals(0, o.exit(), o.err());
        Matcher m = Pattern.compile("3 clients × 7 requests: 21 sent in [\\d.]+ s, [\\d.]+ requests/s; answers by status \\{200=21}; "
                + "\\d+ retries after 503 \\(back-pressure\\); lost 0; 5xx other than 503: 0").matcher(o.out());
        assertTrue(m.find(), o.out());
        for (String kind : new String[] {"models", "policy", "sample", "infill", "score", "compress", "decompress"}) {
            assertTrue(Pattern.compile("(?m)^" + kind + " +3 ").matcher(o.out()).find(), kind + " sent 3 times (7 kinds, 21 requests): " + o.out());
        }
        assertTrue(o.out().contains("peak RSS"), o.out());
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, ServeBench.percentile(sorted, 0.50));
        assertEquals(10, ServeBench.percentile(sorted, 0.99));
        assertEquals(1, ServeBench.percentile(sorted, 0.01));
        assertEquals(0, ServeBench.percentile(new long[0], 0.5));
    }
}
