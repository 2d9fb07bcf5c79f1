package io.ardm.codec;

import io.ardm.ArdmFormatException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Layout of an ardm compressed file: one or more members, each coding a consecutive part of the data with the same
 * model (a file longer than {@link SegmentedFileCodec#SEGMENTS_PER_MEMBER} segments of a modality that
 * {@link io.ardm.modality.Modality#splitsAnywhere splits anywhere} has several, so that it is coded and decoded in
 * bounded memory, and a stream can be written before its length is known). A member:
 * <pre>
 * header                 {@link ArdmFileHeader}; flag "continued" set on every member but the last
 * stored file (flag set):
 *   originalLength bytes the original data as it is
 * coded file: n times, n = {@link ArdmFileHeader#streamCount()} (⌈segments / 64⌉, at most 16):
 *   u32 big-endian       payload length L (≥ 1)
 *   L bytes              the payload of that stream's segments (format 4: a mode byte first, see {@link SegmentedFileCodec})
 * </pre>
 * After the last member nothing may follow; a continued member that is not followed by another is a truncated file.
 * Segment i holds symbols [i·segmentLength, min((i+1)·segmentLength, symbols)); stream s holds segments
 * [{@link ArdmFileHeader#firstSegment}(s), firstSegment(s + 1)), decoded in order (so encoded in reverse). Segments are
 * modelled independently; sharing a stream saves the framing and the coder's cold start per segment (~5 bytes), and
 * the streams decode in parallel. What a payload holds is the codec's business; the container only frames payloads.
 */
public final class ArdmContainer {
    /** Payloads longer than this (1 GiB) cannot come from a sane segment: reject before reading. */
    private static final int MAX_PAYLOAD_BYTES = 1 << 30;

    /** A file's parts: its payloads (coded files) or the original bytes (stored files, else null). */
    public record Contents(ArdmFileHeader header, List<byte[]> payloads, byte[] stored) {}

    private ArdmContainer() {}

    public static void write(OutputStream out, ArdmFileHeader header, List<byte[]> payloads) throws IOException {
        if (header.stored() || payloads.size() != header.streamCount()) {
            throw new IllegalArgumentException(payloads.size() + " payloads for " + header.streamCount() + " streams");
        }
        out.write(header.toBytes());
        DataOutputStream framed = new DataOutputStream(out);
        for (byte[] payload : payloads) {
            framed.writeInt(payload.length);
            framed.write(payload);
        }
        framed.flush();
    }

    /** Writes a stored file: the header (flagged stored) and the original bytes. */
    public static void writeStored(OutputStream out, ArdmFileHeader header, byte[] original) throws IOException {
        if (!header.stored() || original.length != header.originalLength()) throw new IllegalArgumentException("not a stored header for these bytes");
        out.write(header.toBytes());
        out.write(original);
        out.flush();
    }

    /**
     * Reads one member, checking its framing, and nothing after it ({@link ArdmMembers} reads a whole file); payload
     * contents are checked by their decoder.
     */
    public static Contents read(InputStream in) throws IOException {
        ArdmFileHeader header = ArdmFileHeader.read(in);
        if (header.stored()) {
            byte[] body = in.readNBytes((int) header.originalLength());
            if (body.length < header.originalLength()) {
                throw new ArdmFormatException("truncated ardm file: stored data has " + body.length + " of " + header.originalLength() + " bytes");
            }
            return new Contents(header, List.of(), body);
        }
        int count = header.streamCount();
        DataInputStream framed = new DataInputStream(in);
        List<byte[]> payloads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length;
            try {
                length = framed.readInt();
            } catch (EOFException e) {
                throw new ArdmFormatException("truncated ardm file: stream " + i + " of " + count + " is missing");
            }
            if (length < 1 || length > MAX_PAYLOAD_BYTES) {
                throw new ArdmFormatException("corrupt ardm file: stream " + i + " claims an impossible length of "
                        + Integer.toUnsignedString(length) + " bytes");
            }
            byte[] payload = framed.readNBytes(length);
            if (payload.length < length) {
                throw new ArdmFormatException("truncated ardm file: stream " + i + " has " + payload.length + " of " + length + " bytes");
            }
            payloads.add(payload);
        }
        return new Contents(header, payloads, null);
    }
}
