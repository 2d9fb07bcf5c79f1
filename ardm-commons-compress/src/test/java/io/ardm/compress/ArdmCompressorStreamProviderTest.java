package io.ardm.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ardm.Ardm;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorInputStream;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.junit.jupiter.api.Test;

/** Commons Compress finds the provider through ServiceLoader and makes .ardm streams by name; detection goes through ours. */
class ArdmCompressorStreamProviderTest {
    private static final byte[] TEXT = "And God said, Let there be light: and there was light.\n".repeat(4).getBytes(StandardCharsets.UTF_8);

    @Test
    void theFactoryCreatesArdmStreamsByName() throws Exception {
        CompressorStreamFactory factory = new CompressorStreamFactory();
        assertInstanceOf(ArdmCompressorStreamProvider.class, CompressorStreamFactory.findAvailableCompressorOutputStreamProviders().get("ARDM"));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = factory.createCompressorOutputStream("ardm", sink)) {
            out.write(TEXT);
        }
        assertArrayEquals(Ardm.load(Ardm.DEFAULT_BYTES_MODEL).compress(TEXT), sink.toByteArray(), "the same file as ArdmModel.compress");
        try (CompressorInputStream in = factory.createCompressorInputStream("ardm", new ByteArrayInputStream(sink.toByteArray()))) {
            assertArrayEquals(TEXT, in.readAllBytes());
            assertEquals(TEXT.length, in.getUncompressedCount());
        }
    }

    @Test
    void detectionRecognisesArdmAndLeavesOtherFormatsToTheFactory() throws Exception {
        byte[] packed = Ardm.load(Ardm.DEFAULT_BYTES_MODEL).compress(TEXT);
        InputStream ardm = new BufferedInputStream(new ByteArrayInputStream(packed));
        assertEquals("ardm", ArdmCompressorStreamProvider.detect(ardm));
        assertArrayEquals(packed, ardm.readAllBytes(), "detection leaves the stream where it was");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new CompressorStreamFactory().createCompressorOutputStream("gz", gz)) {
            out.write(TEXT);
        }
        assertEquals("gz", ArdmCompressorStreamProvider.detect(new BufferedInputStream(new ByteArrayInputStream(gz.toByteArray()))));
        // Commons Compress's own detection knows only its built-in signatures (1.28.0): the reason detect() exists.
        assertThrows(CompressorException.class, () -> CompressorStreamFactory.detect(new BufferedInputStream(new ByteArrayInputStream(packed))));
    }
}
