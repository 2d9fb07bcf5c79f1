package io.ardm.modality.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * PNG in and out through the JDK's ImageIO. Reading keeps the exact 8-bit values: grey and palette/truecolour
 * pictures become 1 or 3 channels; pictures with transparency or 16-bit samples are refused with a one-line error,
 * since the image models code 8-bit opaque pixels and would not give them back.
 */
public final class Png {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private Png() {}

    /** Whether the bytes start with the PNG signature. */
    public static boolean isPng(byte[] file) {
        if (file.length < SIGNATURE.length) return false;
        for (int i = 0; i < SIGNATURE.length; i++) if (file[i] != SIGNATURE[i]) return false;
        return true;
    }

    /** The pixels of a PNG file; anything else, or a PNG this modality cannot code exactly, is an IllegalArgumentException. */
    public static Picture read(byte[] file) {
        if (!isPng(file)) throw new IllegalArgumentException("not a PNG file");
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(file));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable PNG file: " + e.getMessage());
        }
        if (image == null) throw new IllegalArgumentException("unreadable PNG file");
        return fromImage(image);
    }

    /** The pixels of any image ImageIO decoded (PNG, JPEG for the corpus builder), as {@link #read} accepts them. */
    static Picture fromImage(BufferedImage image) {
        if (image.getColorModel().hasAlpha() && !opaque(image)) {
            throw new IllegalArgumentException("the picture has transparent pixels; the image models code opaque pictures");
        }
        int bits = image.getColorModel().getComponentSize(0);
        if (bits > 8) throw new IllegalArgumentException(bits + "-bit samples; the image models code 8-bit pictures");
        int w = image.getWidth(), h = image.getHeight();
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            byte[] grey = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            return new Picture(w, h, 1, grey.clone());
        }
        byte[] rgb = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                rgb[i] = (byte) (row[x] >>> 16);
                rgb[i + 1] = (byte) (row[x] >>> 8);
                rgb[i + 2] = (byte) row[x];
            }
        }
        return new Picture(w, h, 3, rgb);
    }

    private static boolean opaque(BufferedImage image) {
        var alpha = image.getAlphaRaster();
        if (alpha == null) return true;
        int[] row = new int[image.getWidth()];
        int max = (1 << image.getColorModel().getComponentSize(image.getColorModel().getNumComponents() - 1)) - 1;
        for (int y = 0; y < image.getHeight(); y++) {
            alpha.getPixels(0, y, image.getWidth(), 1, row);
            for (int a : row) if (a != max) return false;
        }
        return true;
    }

    /** A PNG file of the picture (8-bit grey or RGB). */
    public static byte[] write(Picture p) {
        BufferedImage image = new BufferedImage(p.width(), p.height(), p.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        if (p.channels() == 1) System.arraycopy(p.pixels(), 0, target, 0, target.length);
        else {
            for (int i = 0; i < target.length; i += 3) { // BGR in the raster
                target[i] = p.pixels()[i + 2];
                target[i + 1] = p.pixels()[i + 1];
                target[i + 2] = p.pixels()[i];
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) throw new IllegalStateException("this JDK has no PNG writer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
