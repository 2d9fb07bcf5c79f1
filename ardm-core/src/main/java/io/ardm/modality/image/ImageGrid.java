package io.ardm.modality.image;

import java.util.Arrays;
import java.util.List;

/**
 * Tiles laid out in a grid as one picture (sample grids, strips of generation steps), 2-pixel white gutters between
 * them. A sub-pixel outside 0..255 (the OA-ARDM's absorbing state: not generated yet) is drawn mid-grey.
 */
public final class ImageGrid {
    private static final int GUTTER = 2;
    private static final byte WHITE = (byte) 255, UNKNOWN = (byte) 128;

    private ImageGrid() {}

    /** {@code tiles} (each {@value ImageModality#LENGTH} symbols) in rows of {@code columns}. */
    public static Picture of(List<int[]> tiles, int columns) {
        int t = ImageModality.TILE, c = ImageModality.CHANNELS;
        int rows = (tiles.size() + columns - 1) / columns;
        int width = columns * t + (columns - 1) * GUTTER, height = rows * t + (rows - 1) * GUTTER;
        byte[] pixels = new byte[width * height * c];
        Arrays.fill(pixels, WHITE);
        for (int i = 0; i < tiles.size(); i++) {
            int[] tile = tiles.get(i);
            if (tile.length != ImageModality.LENGTH) throw new IllegalArgumentException("tile " + i + " has " + tile.length + " symbols");
            int x0 = (i % columns) * (t + GUTTER), y0 = (i / columns) * (t + GUTTER);
            for (int y = 0; y < t; y++) {
                for (int x = 0; x < t; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        int v = tile[(y * t + x) * c + ch];
                        pixels[((y0 + y) * width + x0 + x) * c + ch] = v >= 0 && v < 256 ? (byte) v : UNKNOWN;
                    }
                }
            }
        }
        return new Picture(width, height, c, pixels);
    }
}
