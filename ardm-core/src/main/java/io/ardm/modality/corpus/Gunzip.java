package io.ardm.modality.corpus;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** gzip and dictzip sources (dictzip is gzip with random-access hints in an extra header field, which GZIPInputStream skips). */
public final class Gunzip {
    private Gunzip() {}

    public static byte[] bytes(byte[] compressed) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 1 << 16)) {
            return in.readAllBytes();
        }
    }
}
