package io.ardm.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** 100,000 round trips with damaged copies; run with {@code ./test -Dtest.excludedGroups= -Dgroups=long}. */
@Tag("long")
class RansFuzzLongTest {
    @Test
    void hundredThousandRoundTripsAndDamagedStreams() {
        RansFuzz.Outcome outcome = RansFuzz.run(20261123, 100_000);
        System.out.println("long rANS fuzz: " + outcome);
        // Same tolerance as the short fuzz (see there).
        assertTrue(outcome.undetected() <= outcome.roundTrips() / 12, outcome.toString());
    }
}
