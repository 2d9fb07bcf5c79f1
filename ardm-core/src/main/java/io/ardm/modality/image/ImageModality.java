package io.ardm.modality.image;

import io.ardm.modality.Dataset;
import io.ardm.modality.Modality;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * 8-bit colour images in {@value #TILE}×{@value #TILE} tiles of 3 channels (CIFAR-10's shape): 256 classes per
 * sub-pixel, D = 3,072. A file is a PNG; it is cut into tiles in raster order, each tile one segment of the codec in
 * (y·W + x)·C + c order. A picture whose sides are not multiples of 32 is padded on the right and bottom by repeating
 * its last column and row (cheap to code: the model sees the repetition), and cropped back when decoded; a grey
 * picture is coded as three equal channels. The header records width, height and channels; the CRC covers the pixels.
 */
public final class ImageModality implements Modality {
    public static final int TILE = 32;
    public static final int CHANNELS = 3;
    /** D of one tile. */
    public static final int LENGTH = TILE * TILE * CHANNELS;
    static final String BUNDLED_SAMPLE = "image-sample.rgb.gz";

    @Override public String id() {
        return "image";
    }

    @Override public String bitsUnit() {
        return "bpd";
    }

    @Override public String symbolName() {
        return "sub-pixel";
    }

    @Override public int classes() {
        return 256;
    }

    /** Never used: every tile is whole. */
    @Override public int padSymbol() {
        return 0;
    }

    @Override public boolean splitsAnywhere() {
        return false;
    }

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @Override public boolean mayStart(byte[] head) {
        return head.length >= PNG_SIGNATURE.length && java.util.Arrays.equals(head, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length);
    }

    @Override public int[] toSymbols(byte[] file) {
        return tiles(Png.read(file).rgb());
    }

    /** The picture's tiles, in raster order of tiles, each in the modality's symbol order. */
    public static int[] tiles(Picture rgb) {
        int across = tilesAlong(rgb.width()), down = tilesAlong(rgb.height());
        int[] symbols = new int[Math.multiplyExact(across * down, LENGTH)];
        int i = 0;
        for (int ty = 0; ty < down; ty++) {
            for (int tx = 0; tx < across; tx++) {
                for (int y = 0; y < TILE; y++) {
                    int sy = Math.min(ty * TILE + y, rgb.height() - 1);
                    for (int x = 0; x < TILE; x++) {
                        int sx = Math.min(tx * TILE + x, rgb.width() - 1);
                        for (int c = 0; c < CHANNELS; c++) symbols[i++] = rgb.at(sx, sy, c);
                    }
                }
            }
        }
        return symbols;
    }

    private static int tilesAlong(int pixels) {
        return (pixels + TILE - 1) / TILE;
    }

    /** Width, height (4 bytes each, big-endian) and channels (1 byte) of the picture. */
    @Override public byte[] headerMetadata(byte[] file) {
        Picture p = Png.read(file);
        return metadata(p.width(), p.height(), p.channels());
    }

    /** The header metadata of a width × height picture of 1 or 3 channels (what {@link #picture} reads). */
    public static byte[] metadata(int width, int height, int channels) {
        return ByteBuffer.allocate(9).putInt(width).putInt(height).put((byte) channels).array();
    }

    @Override public byte[] toBytes(int[] symbols) {
        throw new IllegalArgumentException("an image needs its width and height from the compressed file's header");
    }

    @Override public byte[] datapointFile(int[] symbols) {
        return toBytes(symbols, metadata(TILE, TILE, CHANNELS));
    }

    @Override public byte[] toBytes(int[] symbols, byte[] metadata) {
        return Png.write(picture(symbols, metadata));
    }

    /** The picture that decoded tiles and the header's metadata describe. */
    public static Picture picture(int[] symbols, byte[] metadata) {
        if (metadata.length != 9) throw new IllegalArgumentException("image metadata has " + metadata.length + " bytes, not 9");
        ByteBuffer m = ByteBuffer.wrap(metadata);
        int width = m.getInt(), height = m.getInt(), channels = m.get();
        if (width < 1 || height < 1 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException("image metadata describes a " + width + "×" + height + "×" + channels + " picture");
        }
        int across = tilesAlong(width), down = tilesAlong(height);
        if ((long) across * down * LENGTH != symbols.length) {
            throw new IllegalArgumentException(symbols.length + " symbols for a " + width + "×" + height + " picture");
        }
        byte[] pixels = new byte[width * height * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int tile = (y / TILE) * across + x / TILE;
                int base = tile * LENGTH + ((y % TILE) * TILE + x % TILE) * CHANNELS;
                for (int c = 0; c < channels; c++) {
                    int v = symbols[base + c];
                    if (v < 0 || v > 255) throw new IllegalArgumentException("symbol " + v + " is not an 8-bit value");
                    pixels[(y * width + x) * channels + c] = (byte) v;
                }
            }
        }
        return new Picture(width, height, channels, pixels);
    }

    @Override public byte[] checkedContent(byte[] file) {
        return Png.read(file).pixels();
    }

    @Override public int trainingBlock(int length) {
        return length;
    }

    private static final String SHADES = " .:-=+*#%@";

    /** A coarse picture in characters for a terminal: 2×2 pixel cells' brightness, hidden cells as '_' (PNG is the real output). */
    @Override public String render(int[] symbols, boolean[] hidden) {
        StringBuilder out = new StringBuilder();
        int side = (int) Math.round(Math.sqrt(symbols.length / (double) CHANNELS));
        for (int y = 0; y < side; y += 2) {
            if (y > 0) out.append('\n');
            for (int x = 0; x < side; x++) {
                int i = (y * side + x) * CHANNELS;
                if (hidden != null && hidden[i]) {
                    out.append(HIDDEN);
                    continue;
                }
                int grey = (symbols[i] + symbols[i + 1] + symbols[i + 2]) / 3;
                out.append(SHADES.charAt(Math.min(SHADES.length() - 1, grey * SHADES.length() / 256)));
            }
        }
        return out.toString();
    }

    @Override public Masked parseMasked(String text, char unknown) {
        throw new IllegalArgumentException("images are not written as text: infill a PNG with --image and --box");
    }

    /** A corpus built by scripts/build-image-corpus (train/valid/test files of 32×32×3 crops) or CIFAR-10's binary files. */
    @Override public Dataset read(Path path) throws IOException {
        return ImageCorpus.read(path);
    }

    /** Crops of scikit-image's public-domain and CC0 sample photographs (astronaut, coffee, cat, rocket), split by picture. */
    @Override public Dataset bundledSample() {
        try (InputStream resource = ImageModality.class.getResourceAsStream(BUNDLED_SAMPLE)) {
            if (resource == null) throw new IllegalStateException("bundled sample " + BUNDLED_SAMPLE + " is missing from the classpath");
            try (InputStream in = new GZIPInputStream(resource)) {
                return ImageCorpus.fromSample("bundled sample " + BUNDLED_SAMPLE + " (scikit-image photographs)", in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled sample " + BUNDLED_SAMPLE, e);
        }
    }
}
