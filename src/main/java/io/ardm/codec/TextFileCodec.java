package io.ardm.codec;

import io.ardm.ardm.ArdmNetwork;
import io.ardm.ardm.Order;
import io.ardm.ardm.Policy;
import io.ardm.data.TextAlphabet;
import io.ardm.tensor.Parallel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Compresses text (a–z and space) of any length with a text ARDM: the text is cut into D-character segments
 * (the last one shorter, its length implied by the original length in the header), each modelled on its own with
 * the model's fixed coding order and the policy of the requested budget. Consecutive segments share a rANS stream
 * (⌈segments/64⌉ streams, at most 16; one final state per stream, see {@link ArdmContainer}); streams are coded in
 * parallel, each on one thread, which does not change any bit.
 */
public final class TextFileCodec {
    private static final int MAX_BATCH = 25;

    private final ArdmNetwork net;
    private final byte[] fingerprint;
    private final java.util.function.IntFunction<Policy> policies;
    private final Order order;

    /**
     * @param order    the fixed coding order σ (spec §5.2: one order for all data, part of the model)
     * @param policies the policy for a budget (DP on the model's loss components, or naive)
     */
    public TextFileCodec(ArdmNetwork net, byte[] fingerprint, Order order, java.util.function.IntFunction<Policy> policies) {
        this.net = net;
        this.fingerprint = fingerprint.clone();
        this.order = order;
        this.policies = policies;
    }

    /** Segments of D characters a text of this length is cut into (for progress reports). */
    public long segments(long length) {
        return (length + net.length() - 1) / net.length();
    }

    public byte[] compress(byte[] text, int budget) throws IOException {
        return compress(text, budget, done -> { });
    }

    /** @param progress called with the number of segments finished so far (from worker threads) */
    public byte[] compress(byte[] text, int budget, LongConsumer progress) throws IOException {
        byte[] ids = TextAlphabet.encode(text);
        int d = net.length();
        ArdmCoder coder = coder(budget);
        ArdmFileHeader header = new ArdmFileHeader(fingerprint, text.length, budget, d, Categorical.DEFAULT_PRECISION,
                ArdmFileHeader.crc32c(text));
        int streams = header.streamCount();
        byte[][] payloads = new byte[streams][];
        AtomicLong done = new AtomicLong();
        Parallel.forRange(streams, (lo, hi) -> {
            for (int s = lo; s < hi; s++) {
                RansEncoder enc = new RansEncoder();
                // A stack: the decoder reads the stream's first segment first, so it is pushed last.
                for (long seg = header.firstSegment(s + 1) - 1; seg >= header.firstSegment(s); seg--) {
                    int from = Math.toIntExact(seg * d);
                    int length = Math.min(d, ids.length - from);
                    int[] x = new int[d];
                    for (int j = 0; j < length; j++) x[j] = ids[from + j];
                    coder.encode(x, length, enc);
                    progress.accept(done.incrementAndGet());
                }
                payloads[s] = enc.toByteArray();
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArdmContainer.write(out, header, Arrays.asList(payloads));
        return out.toByteArray();
    }

    public byte[] decompress(byte[] compressed) throws IOException {
        return decompress(compressed, done -> { });
    }

    /** @param progress called with the number of segments finished so far (from worker threads) */
    public byte[] decompress(byte[] compressed, LongConsumer progress) throws IOException {
        ArdmContainer.Contents contents = ArdmContainer.read(new ByteArrayInputStream(compressed));
        ArdmFileHeader h = contents.header();
        h.requireFingerprint(fingerprint);
        int d = net.length();
        if (h.segmentLength() != d) throw new ArdmFormatException("segment length " + h.segmentLength() + " does not match the model's " + d);
        if (h.precision() != Categorical.DEFAULT_PRECISION) throw new ArdmFormatException("unsupported coder precision " + h.precision());
        if (h.budget() > d) throw new ArdmFormatException("invalid budget " + h.budget() + " for D=" + d);
        ArdmCoder coder = coder(h.budget());
        List<byte[]> payloads = contents.payloads();
        byte[] text = new byte[Math.toIntExact(h.originalLength())];
        List<String> failures = new ArrayList<>();
        AtomicLong done = new AtomicLong();
        Parallel.forRange(payloads.size(), (lo, hi) -> {
            for (int s = lo; s < hi; s++) {
                long seg = h.firstSegment(s);
                try {
                    long symbols = Math.min(h.firstSegment(s + 1) * d, text.length) - seg * d;
                    RansDecoder dec = new RansDecoder(payloads.get(s), symbols);
                    for (; seg < h.firstSegment(s + 1); seg++) {
                        int from = Math.toIntExact(seg * d);
                        int length = Math.min(d, text.length - from);
                        int[] x = coder.decode(dec, length);
                        for (int j = 0; j < length; j++) {
                            if (x[j] < 1 || x[j] > 27) throw new CorruptStreamException("decoded an id outside the alphabet");
                            text[from + j] = (byte) TextAlphabet.charOf(x[j]);
                        }
                        progress.accept(done.incrementAndGet());
                    }
                    dec.finish();
                } catch (CorruptStreamException e) {
                    synchronized (failures) {
                        failures.add("stream " + s + " (segment " + seg + "): " + e.getMessage());
                    }
                }
            }
        });
        if (!failures.isEmpty()) throw new ArdmFormatException("corrupt ardm file: " + failures.get(0));
        h.requireOriginalCrc(text);
        return text;
    }

    private ArdmCoder coder(int budget) {
        return new ArdmCoder(net, order, policies.apply(budget), Categorical.DEFAULT_PRECISION, TextAlphabet.SPACE, MAX_BATCH);
    }
}
