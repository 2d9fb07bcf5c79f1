package io.ardm.modality.image;

/**
 * Downscaling by area averaging: each output pixel is the mean of the source area it covers (fractional pixels
 * weighted by their covered share), separably in x then y, rounded to the nearest value. No aliasing however large
 * the factor, unlike the JDK's bilinear and bicubic scaling, and the same result on every machine (plain doubles in a
 * fixed order).
 */
public final class AreaResize {
    private AreaResize() {}

    /** The picture shrunk to {@code w}×{@code h} (each at most the source size). */
    public static Picture shrink(Picture p, int w, int h) {
        if (w < 1 || h < 1 || w > p.width() || h > p.height()) {
            throw new IllegalArgumentException("cannot shrink " + p.width() + "×" + p.height() + " to " + w + "×" + h);
        }
        int c = p.channels();
        double[] src = new double[p.pixels().length];
        for (int i = 0; i < src.length; i++) src[i] = p.pixels()[i] & 0xFF;
        double[] rows = new double[w * p.height() * c]; // shrunk along x
        for (int y = 0; y < p.height(); y++) averageLine(src, y * p.width() * c, c, p.width(), rows, y * w * c, c, w, c);
        double[] out = new double[w * h * c]; // then along y
        for (int x = 0; x < w; x++) {
            for (int ch = 0; ch < c; ch++) averageLine(rows, x * c + ch, w * c, p.height(), out, x * c + ch, w * c, h, 1);
        }
        byte[] pixels = new byte[out.length];
        for (int i = 0; i < out.length; i++) pixels[i] = (byte) Math.min(255, (int) Math.round(out[i]));
        return new Picture(w, h, c, pixels);
    }

    /**
     * One line of n samples (stride {@code inStride} from {@code in}) averaged into m (stride {@code outStride}),
     * {@code lanes} interleaved lines at once (the channels along x).
     */
    private static void averageLine(double[] src, int in, int inStride, int n, double[] dst, int out, int outStride, int m, int lanes) {
        double scale = (double) n / m;
        for (int j = 0; j < m; j++) {
            double from = j * scale, to = (j + 1) * scale;
            for (int lane = 0; lane < lanes; lane++) {
                double sum = 0;
                for (int i = (int) from; i < Math.min(n, Math.ceil(to)); i++) {
                    double cover = Math.min(to, i + 1) - Math.max(from, i);
                    if (cover > 0) sum += cover * src[in + i * inStride + lane];
                }
                dst[out + j * outStride + lane] = sum / scale;
            }
        }
    }
}
