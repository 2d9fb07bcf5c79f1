package io.ardm.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * Decodes a compressed file member by member (see {@link ArdmContainer}): stored members need no model; the first
 * coded member's fingerprint picks the codec, once, through a {@link Codecs} lookup (a given model, or the bundled one
 * the file names). Each member is checked against the running CRC32C. One member is in memory at a time.
 */
public final class MemberDecoder {
    /** The codec of the model a file names; throws (with the caller's advice) when there is none. */
    @FunctionalInterface
    public interface Codecs {
        SegmentedFileCodec forFingerprint(byte[] fingerprint) throws IOException;
    }

    private final ArdmMembers members;
    private final Codecs codecs;
    private final LongConsumer progress;
    private final CRC32C crc = new CRC32C();
    private SegmentedFileCodec codec;
    private long segmentsBefore;

    /** @param progress called with the number of coded segments finished so far, over all members (from worker threads) */
    public MemberDecoder(InputStream in, Codecs codecs, LongConsumer progress) {
        this.members = new ArdmMembers(in);
        this.codecs = codecs;
        this.progress = progress;
    }

    /** The next member's data, or empty after the last member. */
    public Optional<byte[]> next() throws IOException {
        Optional<ArdmContainer.Contents> member = members.next();
        if (member.isEmpty()) return Optional.empty();
        ArdmFileHeader h = member.get().header();
        if (h.stored()) return Optional.of(SegmentedFileCodec.verifiedStored(member.get(), crc));
        if (codec == null) codec = codecs.forFingerprint(h.modelFingerprint());
        long base = segmentsBefore;
        segmentsBefore += h.segmentCount();
        return Optional.of(codec.decompressMember(member.get(), crc, done -> progress.accept(base + done)));
    }

    /** Decodes every member onto {@code out}; returns the number of bytes written. */
    public long writeAll(OutputStream out) throws IOException {
        long written = 0;
        for (Optional<byte[]> data; (data = next()).isPresent(); ) {
            out.write(data.get());
            written += data.get().length;
        }
        return written;
    }
}
