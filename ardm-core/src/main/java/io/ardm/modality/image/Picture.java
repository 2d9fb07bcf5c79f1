package io.ardm.modality.image;

import java.util.Arrays;

/**
 * An 8-bit picture in memory: {@code pixels[(y·width + x)·channels + c]} (row-major, channels interleaved), 1 channel
 * (grey) or 3 (red, green, blue). The order is the image modality's symbol order (spec §2.4).
 */
public record Picture(int width, int height, int channels, byte[] pixels) {
    public Picture {
        if (width < 1 || height < 1) throw new IllegalArgumentException("a picture needs at least one pixel, got " + width + "×" + height);
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("1 or 3 channels, got " + channels);
        if (pixels.length != (long) width * height * channels) {
            throw new IllegalArgumentException(pixels.length + " bytes for a " + width + "×" + height + "×" + channels + " picture");
        }
    }

    /** One sub-pixel's value in 0..255. */
    public int at(int x, int y, int c) {
        return pixels[(y * width + x) * channels + c] & 0xFF;
    }

    /** The same picture with 3 channels (a grey one has its value copied into red, green and blue). */
    public Picture rgb() {
        if (channels == 3) return this;
        byte[] out = new byte[pixels.length * 3];
        for (int i = 0; i < pixels.length; i++) Arrays.fill(out, 3 * i, 3 * i + 3, pixels[i]);
        return new Picture(width, height, 3, out);
    }

    /** The {@code w}×{@code h} window at (x0, y0), which must lie inside the picture. */
    public Picture crop(int x0, int y0, int w, int h) {
        if (x0 < 0 || y0 < 0 || x0 + w > width || y0 + h > height) {
            throw new IllegalArgumentException("crop " + w + "×" + h + " at (" + x0 + ", " + y0 + ") leaves the " + width + "×" + height + " picture");
        }
        byte[] out = new byte[w * h * channels];
        for (int y = 0; y < h; y++) System.arraycopy(pixels, ((y0 + y) * width + x0) * channels, out, y * w * channels, w * channels);
        return new Picture(w, h, channels, out);
    }
}
