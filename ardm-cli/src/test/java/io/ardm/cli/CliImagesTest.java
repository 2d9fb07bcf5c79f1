package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.modality.image.Picture;
import io.ardm.modality.image.Png;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image model trained from the command line: PNG sample grids and strips, pictures compressed and given back, bpd. */
class CliImagesTest {
    @TempDir static Path dir;
    static String oa, upscale, mixture, upscaleMixture;

    @BeforeAll
    static void trainTinyImageModels() {
        // the paper's head (256 logits, features only) and the presets' (a mixture, reading the input at the end)
        for (String[] run : new String[][] {{"oa", "--mixtures", "0", "--no-input-skip"}, {"up4", "--upscale", "4", "--mixtures", "0"},
                {"mix", "--mixtures", "3"}, {"up4mix", "--upscale", "4"}}) {
            String[] args = {"train", "--modality", "image", "--preset", "tiny", "--steps", "2", "--run", dir.resolve(run[0]).toString(), "--no-progress"};
            args = concat(args, java.util.Arrays.copyOfRange(run, 1, run.length));
            CliCommandsTest.Output o = CliCommandsTest.run(args);
            assertEquals(0, o.exit(), o.err());
            assertTrue(o.out().contains("bpd"), o.out());
        }
        oa = dir.resolve("oa").resolve("checkpoint.ardm").toString();
        upscale = dir.resolve("up4").resolve("checkpoint.ardm").toString();
        mixture = dir.resolve("mix").resolve("checkpoint.ardm").toString();
        upscaleMixture = dir.resolve("up4mix").resolve("checkpoint.ardm").toString();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void samplesAreAPngGridAndAStripOfTheSteps() throws Exception {
        Path grid = dir.resolve("grid.png"), strip = dir.resolve("strip.png");
        CliCommandsTest.Output o = CliCommandsTest.run("sample", "-m", upscale, "-n", "3", "-b", "5", "--png", grid.toString(), "--strip", strip.toString());
        assertEquals(0, o.exit(), o.err());
        Picture g = Png.read(Files.readAllBytes(grid));
        assertEquals(2 * 32 + 2, g.width(), "3 samples: 2 columns and a 2-pixel gutter");
        assertEquals(2 * 32 + 2, g.height());
        Picture s = Png.read(Files.readAllBytes(strip));
        assertEquals(12 * 32 + 11 * 2, s.width(), "12 of the 4 stages × 5 calls");
        assertTrue(o.err().contains("(20 network calls)"), o.err());
    }

    @Test
    void aPictureOfAnySizeComesBackPixelForPixel() throws Exception {
        byte[] pixels = new byte[50 * 37 * 3];
        new SplittableRandom(9).nextBytes(pixels);
        for (int i = 0; i < pixels.length / 2; i++) pixels[i] = 40; // half flat, half noise
        byte[] png = Png.write(new Picture(50, 37, 3, pixels));
        for (String model : new String[] {oa, upscale, mixture, upscaleMixture}) {
            Path f = Files.write(dir.resolve("photo.png"), png);
            CliCommandsTest.Output c = CliCommandsTest.run("compress", "-m", model, "-b", "4", f.toString());
            assertEquals(0, c.exit(), c.err());
            CliCommandsTest.Output d = CliCommandsTest.run("decompress", "-m", model, dir.resolve("photo.png.ardm").toString());
            assertEquals(0, d.exit(), d.err());
            assertArrayEquals(pixels, Png.read(Files.readAllBytes(f)).pixels(), model);
        }
    }

    @Test
    void inpaintingKeepsEveryPixelOutsideTheBox() throws Exception {
        byte[] pixels = new byte[32 * 32 * 3];
        new SplittableRandom(11).nextBytes(pixels);
        Path tile = Files.write(dir.resolve("tile.png"), Png.write(new Picture(32, 32, 3, pixels)));
        Path strip = dir.resolve("inpainted.png");
        CliCommandsTest.Output o = CliCommandsTest.run("infill", "-m", oa, "--image", tile.toString(), "--box", "4,5,10,6", "-b", "8",
                "--png", strip.toString());
        assertEquals(0, o.exit(), o.err());
        Picture s = Png.read(Files.readAllBytes(strip));
        // the policy's steps before the 2,892 given sub-pixels are dropped (Generation.infill): the calls that remain
        int calls = Integer.parseInt(o.err().replaceAll("(?s).*\\((\\d+) network calls\\).*", "$1"));
        assertTrue(calls >= 1 && calls <= 8, o.err());
        assertEquals((calls + 2) * 32 + (calls + 1) * 2, s.width(), "masked, a frame per call, filled");
        Picture filled = s.crop(s.width() - 32, 0, 32, 32);
        int changed = 0;
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                boolean inBox = x >= 4 && x < 14 && y >= 5 && y < 11;
                for (int c = 0; c < 3; c++) {
                    int given = pixels[(y * 32 + x) * 3 + c] & 0xFF;
                    if (!inBox) assertEquals(given, filled.at(x, y, c), "(" + x + ", " + y + ") is given");
                    else if (filled.at(x, y, c) != given) changed++;
                }
            }
        }
        assertTrue(changed > 100, "the box is generated anew: " + changed + " of 180 sub-pixels differ");
        Picture masked = s.crop(0, 0, 32, 32);
        assertEquals(128, masked.at(6, 7, 1), "the box is grey in the first frame");
        CliCommandsTest.Output big = CliCommandsTest.run("infill", "-m", oa, "--image", dir.resolve("grid.png").toString(), "--box", "0,0,1,1");
        assertEquals(1, big.exit());
    }

    @Test
    void aTextFileIsRefusedByAnImageModelInOneLine() throws Exception {
        Path f = Files.writeString(dir.resolve("notes.txt"), "not a picture");
        CliCommandsTest.Output c = CliCommandsTest.run("compress", "-m", oa, f.toString());
        assertEquals(1, c.exit());
        assertEquals("ardm compress: " + f + ": not a PNG file", c.err().strip());
    }

    @Test
    void anUpscaleModelHasAPolicyPerStageAndPlotsThemAll() throws Exception {
        Path plot = dir.resolve("schedule.png");
        CliCommandsTest.Output o = CliCommandsTest.run("schedule", "-m", upscale, "-b", "20", "--plot", plot.toString());
        assertEquals(0, o.exit(), o.err());
        for (int g = 0; g < 4; g++) assertTrue(o.out().contains("stage " + g + ": network calls: 20"), o.out());
        assertTrue(o.out().contains("stage 3: expected cost"), o.out());
        assertTrue(Png.isPng(Files.readAllBytes(plot)));
    }

    @Test
    void evalReportsBitsPerDimensionOnImages() {
        CliCommandsTest.Output o = CliCommandsTest.run("eval", "-m", oa, "--segments", "4");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("bpd"), o.out());
    }

    @Test
    void aMixtureHeadIsChosenAtTrainingForImageOaAndUpscaleArdmsOnly() {
        for (String model : new String[] {mixture, upscaleMixture}) {
            CliCommandsTest.Output o = CliCommandsTest.run("eval", "-m", model, "--segments", "4");
            assertEquals(0, o.exit(), o.err());
            assertTrue(o.out().contains("bpd"), o.out());
        }
        CliCommandsTest.Output up = CliCommandsTest.run("train", "--modality", "image", "--upscale", "4", "--mixtures", "3", "--print-config");
        assertEquals(0, up.exit(), up.err());
        assertTrue(up.out().contains("\"mixtures\" : 3") && up.out().contains("\"upscale\" : 4"), up.out());
        CliCommandsTest.Output paper = CliCommandsTest.run("train", "--modality", "image", "--mixtures", "0", "--no-input-skip", "--print-config");
        assertEquals(0, paper.exit(), paper.err());
        assertTrue(!paper.out().contains("mixtures") && !paper.out().contains("inputSkip"), "the paper's head and read-out: " + paper.out());
        CliCommandsTest.Output text = CliCommandsTest.run("train", "--mixtures", "3", "--print-config");
        assertTrue(text.exit() != 0 && text.err().contains("image U-Net's head"), text.err());
    }
}
