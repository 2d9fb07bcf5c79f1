package io.ardm.modality.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** PNG in and out keeps every 8-bit value; pictures of any size become whole tiles and come back cropped. */
class PngAndTilesTest {
    static Picture noise(int w, int h, int channels, long seed) {
        byte[] pixels = new byte[w * h * channels];
        new SplittableRandom(seed).nextBytes(pixels);
        return new Picture(w, h, channels, pixels);
    }

    @Test
    void pngRoundTripsRgbAndGreyExactly() {
        for (Picture p : new Picture[] {noise(37, 5, 3, 1), noise(8, 9, 1, 2), noise(1, 1, 3, 3)}) {
            byte[] png = Png.write(p);
            assertTrue(Png.isPng(png));
            Picture back = Png.read(png);
            assertEquals(p.channels(), back.channels(), "a grey PNG stays grey");
            assertEquals(p.width(), back.width());
            assertArrayEquals(p.pixels(), back.pixels());
        }
    }

    @Test
    void refusesWhatItCannotGiveBack() throws Exception {
        assertEquals("not a PNG file", assertThrows(IllegalArgumentException.class, () -> Png.read("GIF89a...".getBytes())).getMessage());
        BufferedImage translucent = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        translucent.setRGB(1, 1, 0x80FF0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(translucent, "png", out);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Png.read(out.toByteArray())).getMessage().contains("transparent"));
        // an alpha channel that is opaque everywhere loses nothing: accepted as RGB
        BufferedImage opaque = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) opaque.setRGB(x, y, 0xFF000000);
        opaque.setRGB(2, 3, 0xFF123456);
        ByteArrayOutputStream o2 = new ByteArrayOutputStream();
        ImageIO.write(opaque, "png", o2);
        Picture p = Png.read(o2.toByteArray());
        assertEquals(3, p.channels());
        assertEquals(0x12, p.at(2, 3, 0));
        assertEquals(0x56, p.at(2, 3, 2));
    }

    @Test
    void tilesAreRasterOrderChannelFastestAndPadByRepeatingTheEdge() {
        Picture p = noise(40, 33, 3, 4); // 2 × 2 tiles, the right and bottom ones mostly padding
        int[] symbols = ImageModality.tiles(p);
        assertEquals(4 * ImageModality.LENGTH, symbols.length);
        assertEquals(p.at(5, 7, 2), symbols[(7 * 32 + 5) * 3 + 2], "pixel (5, 7) of tile 0");
        assertEquals(p.at(33, 2, 1), symbols[ImageModality.LENGTH + (2 * 32 + 1) * 3 + 1], "pixel (33, 2) is (1, 2) of tile 1");
        assertEquals(p.at(39, 2, 0), symbols[ImageModality.LENGTH + (2 * 32 + 31) * 3], "beyond the right edge: the last column");
        assertEquals(p.at(39, 32, 0), symbols[3 * ImageModality.LENGTH + (31 * 32 + 31) * 3], "beyond both edges: the corner pixel");
    }

    @Test
    void aPictureComesBackFromItsTilesAndMetadata() {
        ImageModality m = new ImageModality();
        for (Picture p : new Picture[] {noise(50, 40, 3, 5), noise(32, 32, 3, 6), noise(3, 70, 1, 7)}) {
            byte[] png = Png.write(p);
            byte[] back = m.toBytes(m.toSymbols(png), m.headerMetadata(png));
            assertArrayEquals(p.pixels(), Png.read(back).pixels());
            assertArrayEquals(p.pixels(), m.checkedContent(png), "the CRC covers the pixels");
        }
        assertFalse(m.splitsAnywhere());
    }

    @Test
    void tilesThatDoNotMatchTheHeaderAreRefused() {
        byte[] meta = new ImageModality().headerMetadata(Png.write(noise(40, 10, 3, 8)));
        assertThrows(IllegalArgumentException.class, () -> ImageModality.picture(new int[ImageModality.LENGTH], meta), "one tile for a two-tile picture");
        int[] symbols = new int[2 * ImageModality.LENGTH];
        symbols[5] = 256;
        assertThrows(IllegalArgumentException.class, () -> ImageModality.picture(symbols, meta), "256 is no 8-bit value");
    }

    @Test
    void areaAveragingIsTheMeanOfWhatEachOutputPixelCovers() {
        // 4×1 grey → 2×1: means of pairs; 3×1 → 2×1: [0, 30, 60] → [(0 + 15) / 1.5, (15 + 60) / 1.5] = [10, 50]
        Picture four = new Picture(4, 1, 1, new byte[] {0, 10, 100, (byte) 200});
        assertArrayEquals(new byte[] {5, (byte) 150}, AreaResize.shrink(four, 2, 1).pixels());
        Picture three = new Picture(3, 1, 1, new byte[] {0, 30, 60});
        assertArrayEquals(new byte[] {10, 50}, AreaResize.shrink(three, 2, 1).pixels());
        Picture square = new Picture(2, 2, 3, new byte[] {0, 0, 0, 40, 4, 8, 80, 8, 16, 120, 12, 24});
        assertArrayEquals(new byte[] {60, 6, 12}, AreaResize.shrink(square, 1, 1).pixels(), "both axes, every channel");
    }
}
