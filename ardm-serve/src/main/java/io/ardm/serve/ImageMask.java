package io.ardm.serve;

import io.ardm.modality.Modality;
import java.util.Base64;

/**
 * A 32×32×3 picture with a painted mask, as the page sends it for inpainting: {@code image} = base64 (URL-safe) of the
 * 3,072 sub-pixel values in raster order (y·32 + x)·3 + c, {@code mask} = base64 of 1,024 bits, pixel p at bit p % 8
 * of byte p / 8, set where the pixel is unknown (all three of its sub-pixels are then generated).
 */
final class ImageMask {
    static final int SIDE = 32;
    static final int CHANNELS = 3;

    private ImageMask() {}

    static Modality.Masked parse(String image, String mask) {
        if (image == null || mask == null) throw new IllegalArgumentException("image infill needs an image and a mask (base64)");
        byte[] pixels = decode("image", image);
        byte[] bits = decode("mask", mask);
        if (pixels.length != SIDE * SIDE * CHANNELS) throw new IllegalArgumentException("the image must be 32×32×3 = 3072 values, got " + pixels.length);
        if (bits.length != SIDE * SIDE / 8) throw new IllegalArgumentException("the mask must be 1024 bits (128 bytes), got " + bits.length + " bytes");
        int[] symbols = new int[pixels.length];
        boolean[] known = new boolean[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            int p = i / CHANNELS;
            symbols[i] = pixels[i] & 0xFF;
            known[i] = (bits[p >>> 3] >>> (p & 7) & 1) == 0;
        }
        return new Modality.Masked(symbols, known);
    }

    private static byte[] decode(String name, String base64) {
        try {
            return Base64.getUrlDecoder().decode(base64.replace('+', '-').replace('/', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not base64: " + e.getMessage());
        }
    }
}
