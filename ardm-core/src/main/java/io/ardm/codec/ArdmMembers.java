package io.ardm.codec;

import io.ardm.ArdmFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Optional;

/**
 * The members of a compressed file (see {@link ArdmContainer}), read one at a time so that a long file or stream
 * never needs more than one member in memory. It checks what ties members together: a member flagged "continued" is
 * followed by another, and nothing follows the last.
 */
public final class ArdmMembers {
    private final PushbackInputStream in;
    private int read;
    private boolean more = true;

    public ArdmMembers(InputStream in) {
        this.in = new PushbackInputStream(in, 1);
    }

    /** The next member, or empty after the last one. */
    public Optional<ArdmContainer.Contents> next() throws IOException {
        if (!more) return Optional.empty();
        if (read > 0) {
            int b = in.read();
            if (b == -1) throw new ArdmFormatException("truncated ardm file: it ends after member " + read + ", which says another follows");
            in.unread(b);
        }
        ArdmContainer.Contents member = ArdmContainer.read(in);
        read++;
        more = member.header().continued();
        if (!more && in.read() != -1) {
            throw new ArdmFormatException("corrupt ardm file: data after the " + (member.header().stored() ? "stored bytes" : "last stream"));
        }
        return Optional.of(member);
    }

    /** What a whole compressed file holds, from its members' headers (for listings and progress). */
    public record Summary(ArdmFileHeader first, int members, long originalLength, long segments, boolean stored) {}

    /** Reads every member of {@code in}, checking the framing (not the payloads). */
    public static Summary summarize(InputStream in) throws IOException {
        ArdmMembers members = new ArdmMembers(in);
        ArdmFileHeader first = null;
        long length = 0;
        long segments = 0;
        boolean stored = true;
        for (Optional<ArdmContainer.Contents> m; (m = members.next()).isPresent(); ) {
            ArdmFileHeader h = m.get().header();
            if (first == null) first = h;
            length += h.originalLength();
            segments += h.stored() ? 0 : h.segmentCount();
            stored &= h.stored();
        }
        return new Summary(first, members.read, length, segments, stored);
    }
}
