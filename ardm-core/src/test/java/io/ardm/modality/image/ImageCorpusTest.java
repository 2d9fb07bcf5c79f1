package io.ardm.modality.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.modality.Dataset;
import io.ardm.modality.Modalities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10's binary layout is read into the modality's order; the stand-in corpus is split by picture. */
class ImageCorpusTest {
    @Test
    void cifarPlanesBecomeInterleavedPixels(@TempDir Path dir) throws IOException {
        byte[] record = new byte[ImageCorpus.CIFAR_RECORD];
        record[0] = 7; // the label, dropped
        record[1 + 5] = 11; // R of pixel 5
        record[1 + 1024 + 5] = 22; // G
        record[1 + 2048 + 5] = 33; // B
        Path batch = Files.write(dir.resolve("b.bin"), record);
        byte[] image = ImageCorpus.cifarImages(batch);
        assertEquals(ImageModality.LENGTH, image.length);
        assertEquals(11, image[15]);
        assertEquals(22, image[16]);
        assertEquals(33, image[17]);
    }

    @Test
    void cifarSplitsHoldOutTheLast5000TrainingImages(@TempDir Path dir) throws IOException {
        for (int b = 1; b <= 5; b++) {
            int images = b == 5 ? ImageCorpus.CIFAR_VALID : 1;
            byte[] batch = new byte[images * ImageCorpus.CIFAR_RECORD];
            for (int i = 0; i < images; i++) batch[i * ImageCorpus.CIFAR_RECORD + 1] = (byte) b; // R of pixel 0 names the batch
            Files.write(dir.resolve("data_batch_" + b + ".bin"), batch);
        }
        Files.write(dir.resolve("test_batch.bin"), new byte[3 * ImageCorpus.CIFAR_RECORD]);
        Dataset d = Modalities.IMAGE.read(dir);
        assertEquals(4, d.segmentCount(Dataset.Split.TRAIN, ImageModality.LENGTH));
        assertEquals(ImageCorpus.CIFAR_VALID, d.segmentCount(Dataset.Split.VALID, ImageModality.LENGTH));
        assertEquals(3, d.segmentCount(Dataset.Split.TEST, ImageModality.LENGTH));
        assertEquals(4, d.segments(Dataset.Split.TRAIN, ImageModality.LENGTH, 3, 1)[0]);
        assertEquals(5, d.segments(Dataset.Split.VALID, ImageModality.LENGTH, 0, 1)[0]);
    }

    @Test
    void noTestCropSharesAPictureWithTraining(@TempDir Path dir) throws IOException {
        // 20 pictures of one flat colour each: the colour tells a crop's picture
        List<ImageCorpusBuilder.Source> sources = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] pixels = new byte[70 * 50 * 3];
            Arrays.fill(pixels, (byte) (10 * i));
            Path file = Files.write(dir.resolve("p" + i + ".png"), Png.write(new Picture(70, 50, 3, pixels)));
            sources.add(new ImageCorpusBuilder.Source("test", "picture" + i, file, "CC0"));
        }
        List<ImageCorpusBuilder.Split> splits = ImageCorpusBuilder.build(sources, ImageCorpusBuilder.SCALES);
        assertEquals(List.of(16, 2, 2), splits.stream().map(s -> s.pictures().size()).toList(), "⌈10 %⌉ test, ⌈7 %⌉ valid");
        List<Set<Integer>> colours = new ArrayList<>();
        for (ImageCorpusBuilder.Split s : splits) {
            Set<Integer> seen = new HashSet<>();
            for (byte[] crop : s.crops()) seen.add(crop[0] & 0xFF);
            colours.add(seen);
            // a 70×50 picture reaches the scales 32 (1 crop across), 48 (2×1 crops of a 67×48 shrink)
            assertEquals(s.pictures().size() * 3, s.crops().size(), s.name());
        }
        assertEquals(16 + 2 + 2, colours.stream().mapToInt(Set::size).sum(), "each picture's crops land in one split only");
        Set<Integer> all = new HashSet<>();
        colours.forEach(all::addAll);
        assertEquals(20, all.size());
        assertTrue(splits.get(0).crops().size() > splits.get(2).crops().size());
    }
}
