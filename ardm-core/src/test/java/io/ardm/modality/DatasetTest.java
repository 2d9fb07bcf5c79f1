package io.ardm.modality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.modality.Dataset.Split;
import io.ardm.modality.Modalities;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DatasetTest {
    /** Random text whose every 6-gram is (almost surely) unique, so a crop's position can be found. */
    private static byte[] randomIds(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] ids = new byte[n];
        for (int i = 0; i < n; i++) ids[i] = (byte) (1 + random.nextInt(27));
        return ids;
    }

    @Test
    void splitLengthsMatchText8() {
        assertArrayEquals(new int[] {90_000_000, 5_000_000, 5_000_000}, Dataset.splitLengths(100_000_000));
        assertArrayEquals(new int[] {24_203_666, 1_344_648, 1_344_649}, Dataset.splitLengths(26_892_963));
        assertArrayEquals(new int[] {0, 0, 1}, Dataset.splitLengths(1));
    }

    @Test
    void fromCorpusCutsInOrder() {
        byte[] ids = randomIds(2_000, 1);
        Dataset data = Dataset.fromCorpus("test", ids);
        assertArrayEquals(Arrays.copyOfRange(ids, 0, 1_800), data.tokens(Split.TRAIN));
        assertArrayEquals(Arrays.copyOfRange(ids, 1_800, 1_900), data.tokens(Split.VALID));
        assertArrayEquals(Arrays.copyOfRange(ids, 1_900, 2_000), data.tokens(Split.TEST));
        assertEquals("test: 2,000 symbols (train 1,800 / valid 100 / test 100)", data.describe());
    }

    @Test
    void evalSegmentsTileTheSplitInOrder() {
        byte[] valid = randomIds(1_010, 2);
        Dataset data = new Dataset("t", randomIds(10, 3), valid, new byte[0]);
        assertEquals(4, data.segmentCount(Split.VALID));
        int[] all = data.segments(Split.VALID, 250, 0, 4);
        for (int i = 0; i < all.length; i++) assertEquals(valid[i], all[i]);
        assertArrayEquals(Arrays.copyOfRange(all, 500, 750), data.segments(Split.VALID, 250, 2, 1));
        assertEquals(0, data.segmentCount(Split.TEST));
        assertThrows(IndexOutOfBoundsException.class, () -> data.segments(Split.VALID, 250, 3, 2));
    }

    @Test
    void cropsAreDeterministicForASeed() {
        Dataset data = new Dataset("t", randomIds(20_500, 4), new byte[0], new byte[0]);
        int[] a = data.trainingCrops(7).nextBatch(8);
        assertArrayEquals(a, data.trainingCrops(7).nextBatch(8));
        assertFalse(Arrays.equals(a, data.trainingCrops(8).nextBatch(8)));
    }

    @Test
    void eachEpochCropsEveryBlockOnceWithinItsBounds() {
        byte[] train = randomIds(20_500, 5);
        CropSampler sampler = new Dataset("t", train, new byte[0], new byte[0]).trainingCrops(11);
        assertEquals(20, sampler.blockCount());
        Set<Integer> blocks = new HashSet<>();
        Set<Integer> offsets = new HashSet<>();
        int[] epoch = sampler.nextBatch(20);
        for (int row = 0; row < 20; row++) {
            int start = find(train, Arrays.copyOfRange(epoch, row * 250, row * 250 + 250));
            int block = start / 1000;
            assertTrue(start + 250 <= (block + 1) * 1000, "crop at " + start + " leaves block " + block);
            blocks.add(block);
            offsets.add(start % 1000);
        }
        assertEquals(20, blocks.size());
        assertTrue(offsets.size() > 10, "offsets look random: " + offsets);
        assertFalse(Arrays.equals(epoch, sampler.nextBatch(20)), "next epoch reshuffles");
    }

    @Test
    void seekResumesTheSameStream() {
        Dataset data = new Dataset("t", randomIds(5_000, 6), new byte[0], new byte[0]);
        CropSampler straight = data.trainingCrops(1000, 100, 3);
        straight.nextBatch(7);
        int[] expected = straight.nextBatch(6);
        CropSampler resumed = data.trainingCrops(1000, 100, 3);
        resumed.seek(7);
        assertArrayEquals(expected, resumed.nextBatch(6));
        assertEquals(13, resumed.position());
    }

    @Test
    void rejectsTooShortTraining() {
        Dataset tiny = new Dataset("t", randomIds(999, 7), new byte[0], new byte[0]);
        var e = assertThrows(IllegalArgumentException.class, () -> tiny.trainingCrops(1));
        assertEquals("training split has 999 symbols, fewer than one 1000-symbol block", e.getMessage());
    }

    @Test
    void bundledSampleLoadsAndIsInTheAlphabet() {
        Dataset sample = Modalities.TEXT8.bundledSample();
        int total = sample.length(Split.TRAIN) + sample.length(Split.VALID) + sample.length(Split.TEST);
        assertTrue(total >= 1_000_000, "sample has " + total + " chars");
        assertArrayEquals(Dataset.splitLengths(total),
                new int[] {sample.length(Split.TRAIN), sample.length(Split.VALID), sample.length(Split.TEST)});
        for (Split split : Split.values()) {
            for (byte id : sample.tokens(split)) assertTrue(id >= 1 && id <= 27);
        }
        assertTrue(Modalities.TEXT8.render(sample.segments(Split.TRAIN, 250, 0, 1), null).startsWith("in the beginning god created"));
        assertTrue(sample.segmentCount(Split.TEST) > 100);
    }

    @Test
    void bundledByteSampleKeepsCasePunctuationAndLineBreaks() {
        Dataset sample = Modalities.BYTES.bundledSample();
        int total = sample.length(Split.TRAIN) + sample.length(Split.VALID) + sample.length(Split.TEST);
        assertTrue(total >= 1_000_000, "sample has " + total + " bytes");
        String start = Modalities.BYTES.render(sample.segments(Split.TRAIN, 250, 0, 1), null);
        assertTrue(start.contains("In the beginning God created the heaven and the earth.\n"), start);
    }

    private static int find(byte[] haystack, int[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("crop not found in the training split");
    }
}
