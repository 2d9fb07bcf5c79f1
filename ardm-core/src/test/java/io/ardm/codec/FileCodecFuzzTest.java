package io.ardm.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class FileCodecFuzzTest {
    @Test
    void shortFuzz() throws Exception {
        FileCodecFuzz.Outcome o = FileCodecFuzz.run(11, 300);
        assertTrue(o.rejected() >= 0.95 * o.roundTrips(), "damage must be detected: " + o);
    }

    /** 100,000 round trips: {@code ./test -Dtest=FileCodecFuzzTest -Dtest.excludedGroups= -Dgroups=long}. */
    @Test
    @Tag("long")
    void hundredThousandRoundTrips() throws Exception {
        FileCodecFuzz.Outcome o = FileCodecFuzz.run(20261123, 100_000);
        System.out.println("file-level fuzz: " + o);
        assertTrue(o.rejected() >= 0.95 * o.roundTrips(), "damage must be detected: " + o);
    }
}
