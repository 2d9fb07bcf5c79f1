package io.ardm.nn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes values little-endian into a reusable buffer and hands each full buffer to a sink (a file with a
 * running CRC, or a digest), so multi-gigabyte checkpoints never need a second copy in memory.
 * Floats are written as their raw IEEE bits, so every value (NaN payloads included) round-trips exactly.
 */
final class LittleEndianOutput {
    @FunctionalInterface
    interface Sink {
        /** Consumes the bytes between the buffer's position and limit. */
        void accept(ByteBuffer chunk) throws IOException;
    }

    private final ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private final Sink sink;

    LittleEndianOutput(Sink sink) {
        this.sink = sink;
    }

    void putInt(int v) throws IOException {
        room(4);
        buf.putInt(v);
    }

    void putLong(long v) throws IOException {
        room(8);
        buf.putLong(v);
    }

    void putBytes(byte[] bytes) throws IOException {
        for (int off = 0; off < bytes.length; ) {
            room(1);
            int n = Math.min(buf.remaining(), bytes.length - off);
            buf.put(bytes, off, n);
            off += n;
        }
    }

    void putFloats(float[] values) throws IOException {
        for (int off = 0; off < values.length; ) {
            room(4);
            int n = Math.min(buf.remaining() / 4, values.length - off);
            buf.asFloatBuffer().put(values, off, n);
            buf.position(buf.position() + 4 * n);
            off += n;
        }
    }

    /** Float32 values that are exact halves (see {@code Checkpoint.withHalfTensors}), as IEEE float16 bits. */
    void putHalves(float[] values) throws IOException {
        for (float v : values) {
            room(2);
            buf.putShort(Float.floatToFloat16(v));
        }
    }

    void putDoubles(double[] values) throws IOException {
        for (int off = 0; off < values.length; ) {
            room(8);
            int n = Math.min(buf.remaining() / 8, values.length - off);
            buf.asDoubleBuffer().put(values, off, n);
            buf.position(buf.position() + 8 * n);
            off += n;
        }
    }

    /** Passes everything buffered to the sink. */
    void flush() throws IOException {
        buf.flip();
        if (buf.hasRemaining()) sink.accept(buf);
        buf.clear();
    }

    private void room(int bytes) throws IOException {
        if (buf.remaining() < bytes) flush();
    }
}
