package io.ardm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The io.ardm API on the bundled models (the repository's models/ folder). */
class ArdmApiTest {
    private static final byte[] ENGLISH = ("In the beginning God created the heaven and the earth. And the earth was without form, and void; "
            + "and darkness was upon the face of the deep. And the Spirit of God moved upon the face of the waters.\n").getBytes(StandardCharsets.UTF_8);

    @Test
    void bundledModelsLoadByNameWithTheirCards() {
        assertTrue(Ardm.models().containsAll(java.util.List.of("bytes-ltr", "bytes-oa", "text8-oa")), Ardm.models().toString());
        ArdmModel m = Ardm.load("bytes-ltr");
        assertSame(m, Ardm.load("bytes-ltr"), "a bundled model is loaded once");
        assertEquals("bytes-ltr", m.name());
        assertEquals("bytes", m.modality());
        assertFalse(m.orderAgnostic());
        assertEquals(m.length(), m.defaultBudget());
        assertTrue(m.card().startsWith("# bytes-ltr"), m.card().lines().findFirst().orElse(""));
        ArdmModel oa = Ardm.load("text8-oa");
        assertTrue(oa.orderAgnostic());
        assertEquals(50, oa.defaultBudget());
    }

    @Test
    void aMissingOrCorruptModelIsOneLineArdmException(@TempDir Path dir) throws Exception {
        ArdmException missing = assertThrows(ArdmException.class, () -> Ardm.load("no-such-model"));
        assertTrue(missing.getMessage().startsWith("cannot load model no-such-model: ") && missing.getMessage().contains("bundled: audio-up16, bytes-ltr"),
                missing.getMessage());
        assertEquals(1, missing.getMessage().lines().count());
        Path corrupt = dir.resolve("corrupt.ardm");
        byte[] good = Files.readAllBytes(Path.of(Ardm.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent().getParent().getParent().resolve("models/bytes-ltr/model.ardm"));
        good[good.length / 2] ^= 0x40;
        Files.write(corrupt, good);
        ArdmException bad = assertThrows(ArdmException.class, () -> Ardm.load(corrupt.toString()));
        assertTrue(bad.getMessage().startsWith("cannot load model " + corrupt), bad.getMessage());
        assertEquals(1, bad.getMessage().lines().count());
    }

    @Test
    void samplesAreReproducibleBySeedAndInfillKeepsWhatIsGiven() {
        ArdmModel oa = Ardm.load("text8-oa");
        String a = oa.sample(20, 7);
        assertEquals(oa.length(), a.length());
        assertEquals(a, oa.sample(20, 7));
        assertNotEquals(a, oa.sample(20, 8));
        assertTrue(a.chars().allMatch(c -> c == ' ' || c >= 'a' && c <= 'z'), a);
        assertArrayEquals(a.getBytes(StandardCharsets.US_ASCII), oa.sampleBytes(20, 7));
        String masked = "in the beginning god cr_ated the heaven and the e_rth";
        String filled = oa.infill(masked, '_', 3);
        assertEquals(masked.length(), filled.length());
        for (int i = 0; i < masked.length(); i++) {
            if (masked.charAt(i) != '_') assertEquals(masked.charAt(i), filled.charAt(i), "position " + i);
            else assertTrue(Character.isLetter(filled.charAt(i)) || filled.charAt(i) == ' ');
        }
        assertEquals(filled, oa.infill(masked, '_', 3));
        assertThrows(IllegalArgumentException.class, () -> Ardm.load("bytes-ltr").infill("a_c", '_', 1));
        assertThrows(IllegalArgumentException.class, () -> Ardm.load("bytes-ltr").sample(10, 1), "the baseline's only budget is D");
    }

    @Test
    void bitsPerSymbolIsTheExactNllThatTheCoderPaysNearly() {
        ArdmModel ltr = Ardm.load("bytes-ltr");
        double english = ltr.bitsPerSymbol(ENGLISH);
        byte[] noise = new byte[ENGLISH.length];
        new SplittableRandom(1).nextBytes(noise);
        assertTrue(english > 0.5 && english < 4, "English costs " + english);
        assertTrue(ltr.bitsPerSymbol(noise) > 7, "noise costs about 8 bits or more");
        double codedBits = 8.0 * ltr.compress(ENGLISH).length;
        double nllBits = english * ENGLISH.length;
        double framing = 8.0 * (72 + 4 + 1 + 4); // header, payload length, mode byte, rANS final state
        assertTrue(codedBits > nllBits && codedBits < nllBits * 1.01 + framing, "coded " + codedBits + " bits vs NLL " + nllBits);
        assertEquals(0, ltr.bitsPerSymbol(new byte[0]));
        double[] perPosition = ltr.bitsPerPosition(ENGLISH);
        assertEquals(ENGLISH.length, perPosition.length);
        assertEquals(english, java.util.Arrays.stream(perPosition).sum() / ENGLISH.length, 1e-9, "the heat map's mean is bits per symbol");
        assertEquals(20, Ardm.load("text8-oa").policy(20).networkCalls());
    }

    @Test
    void streamsAndArraysWriteTheSameFileAndTheInputStreamFindsTheModel() throws Exception {
        ArdmModel ltr = Ardm.load("bytes-ltr");
        byte[] packed = ltr.compress(ENGLISH);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = new ArdmOutputStream(sink)) { // the default model is bytes-ltr
            out.write(ENGLISH);
        }
        assertArrayEquals(packed, sink.toByteArray());
        assertArrayEquals(ENGLISH, new ArdmInputStream(new ByteArrayInputStream(packed)).readAllBytes(), "found by fingerprint");
        assertArrayEquals(ENGLISH, new ArdmInputStream(new ByteArrayInputStream(packed), ltr).readAllBytes());
        assertArrayEquals(ENGLISH, ltr.decompress(packed));
        ArdmFormatException other = assertThrows(ArdmFormatException.class,
                () -> new ArdmInputStream(new ByteArrayInputStream(packed), Ardm.load("bytes-oa")).readAllBytes());
        assertTrue(other.getMessage().startsWith("compressed with a different model"), other.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ArdmOutputStream(OutputStream.nullOutputStream(), ltr, 5));
    }

    @Test
    void twoThreadsSharingAModelGiveTheSingleThreadBytes() throws Exception {
        ArdmModel oa = Ardm.load("bytes-oa");
        byte[][] inputs = new byte[4][];
        byte[][] alone = new byte[4][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (new String(ENGLISH, StandardCharsets.UTF_8).repeat(i + 1) + i).getBytes(StandardCharsets.UTF_8);
            alone[i] = oa.compress(inputs[i], 10);
        }
        String sampleAlone = oa.sample(10, 3);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            java.util.List<Future<byte[]>> packed = new java.util.ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (byte[] in : inputs) packed.add(pool.submit(() -> oa.compress(in, 10)));
            }
            Future<String> sample = pool.submit(() -> oa.sample(10, 3));
            for (int i = 0; i < packed.size(); i++) assertArrayEquals(alone[i % inputs.length], packed.get(i).get(), "input " + i % inputs.length);
            assertEquals(sampleAlone, sample.get());
            for (int i = 0; i < inputs.length; i++) {
                byte[] p = alone[i];
                assertArrayEquals(inputs[i], pool.submit(() -> oa.decompress(p)).get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aStoppableViewGivesTheSameResultsAndStopsWhenAsked() throws Exception {
        for (String name : new String[] {"text8-oa", "bytes-ltr"}) { // network calls, and the left-to-right cached stream
            ArdmModel m = Ardm.load(name);
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            ArdmModel counted = m.stoppingWhen(() -> calls.incrementAndGet() < 0);
            byte[] text = name.startsWith("text8") ? "the quick brown fox jumps over the lazy dog ".repeat(20).getBytes(StandardCharsets.US_ASCII) : ENGLISH;
            byte[] packed = m.compress(text);
            // Decoding: one call per step of the order-agnostic model's policy, one cached-stream step per byte of the baseline.
            assertArrayEquals(text, counted.decompress(packed), name + ": never stopped, the same bytes");
            int all = calls.get();
            assertTrue(all > 4, name + ": the view was asked at every call, " + all);
            calls.set(0);
            ArdmModel stopped = m.stoppingWhen(() -> calls.incrementAndGet() > all / 2);
            assertThrows(java.util.concurrent.CancellationException.class, () -> stopped.decompress(packed), name);
            assertTrue(calls.get() < all, name + ": stopped midway, after " + calls.get() + " of " + all + " questions");
        }
        ArdmModel oa = Ardm.load("text8-oa");
        assertEquals(oa.sample(20, 3), oa.stoppingWhen(() -> false).sample(20, 3));
        assertThrows(java.util.concurrent.CancellationException.class, () -> oa.stoppingWhen(() -> true).sample(20, 3));
    }
}
