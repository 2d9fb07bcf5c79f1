package io.ardm.codec;

import io.ardm.ArdmFormatException;
import io.ardm.ardm.ArdmNetwork;
import io.ardm.ardm.Order;
import io.ardm.ardm.StagePolicies;
import io.ardm.ardm.process.Process;
import io.ardm.modality.Modality;
import io.ardm.tensor.Parallel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * Compresses a file of any length with an ARDM of any modality: the modality turns the bytes into symbols, which are
 * cut into D-symbol segments (the last one shorter, its length implied by the header), each modelled on its own in
 * the model's fixed coding orders with the policies of the requested budget. Consecutive segments share a rANS stream
 * (⌈segments/64⌉ streams, at most 16; see {@link ArdmContainer}); streams are coded in parallel, each on one thread,
 * which does not change any bit.
 *
 * <p>Nothing grows by more than its header: a stream whose rANS payload would be larger than its symbols written
 * plainly is stored plainly (payload mode byte {@value #RAW}, else {@value #RANS}), and a file whose coded form would be
 * larger than the original is written as the header flagged stored plus the original bytes, as xz and zstd do.
 * In the header the original length counts symbols for coded files (one per byte for text8 and bytes, 3,072 per
 * 32×32 tile of a picture) and bytes for stored ones; the CRC covers what {@link Modality#checkedContent} says (the
 * file, or a picture's pixels). Files of format version 3 (text8, rANS payloads without a mode byte) still decode.
 */
public final class SegmentedFileCodec {
    private static final int MAX_BATCH = 25;
    /** Segments a member holds at most (1,024,000 bytes at D = 250): what bounds memory on long files and streams. */
    public static final int SEGMENTS_PER_MEMBER = 4096;
    /** First byte of a format-4 payload: the segments are one rANS stream. */
    public static final int RANS = 0;
    /** First byte of a format-4 payload: the segments' symbols as they are (1 byte each, 2 big-endian above 256 classes). */
    static final int RAW = 1;

    private final Modality modality;
    private final ArdmNetwork net;
    private final Process process;
    private final byte[] fingerprint;
    private final IntFunction<StagePolicies> policies;
    private final Order[] orders;

    /**
     * @param orders   the fixed coding orders σ, one per stage (spec §5.2: one order for all data, part of the model)
     * @param policies the policies for a budget (DP on the model's loss components, or naive)
     */
    public SegmentedFileCodec(Modality modality, ArdmNetwork net, Process process, byte[] fingerprint, Order[] orders,
                              IntFunction<StagePolicies> policies) {
        this.modality = modality;
        this.net = net;
        this.process = process;
        this.fingerprint = fingerprint.clone();
        this.orders = orders.clone();
        this.policies = policies;
    }

    /** The fingerprint of the model this codec codes with (what its files' headers name). */
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    /** Segments of D symbols a file of this many symbols is cut into (for progress reports). */
    public long segments(long symbols) {
        return (symbols + net.length() - 1) / net.length();
    }

    public byte[] compress(byte[] data, int budget) throws IOException {
        return compress(data, budget, done -> { });
    }

    /**
     * Input bytes per member: {@value #SEGMENTS_PER_MEMBER}·D for a modality that splits anywhere (one symbol per
     * byte), else the whole file (a picture is one member).
     */
    public int memberBytes() {
        return modality.splitsAnywhere() ? SEGMENTS_PER_MEMBER * net.length() : Integer.MAX_VALUE;
    }

    /** @param progress called with the number of segments finished so far (from worker threads) */
    public byte[] compress(byte[] data, int budget, LongConsumer progress) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3 + 128);
        compress(new ByteArrayInputStream(data), out, budget, progress);
        return out.toByteArray();
    }

    /**
     * Compresses everything {@code in} holds onto {@code out}, one member at a time: memory holds one member however
     * long the input (a picture, which is one member, is read whole).
     *
     * @param progress called with the number of segments finished so far (from worker threads)
     * @return the number of bytes read
     */
    public long compress(InputStream in, OutputStream out, int budget, LongConsumer progress) throws IOException {
        PushbackInputStream source = new PushbackInputStream(in, 1);
        CRC32C crc = new CRC32C();
        int step = memberBytes();
        long read = 0;
        long segmentsBefore = 0;
        while (true) {
            byte[] member = step == Integer.MAX_VALUE ? source.readAllBytes() : source.readNBytes(step);
            // A member is the last only if nothing follows it.
            int next = source.read();
            if (next != -1) source.unread(next);
            long base = segmentsBefore;
            out.write(compressMember(member, budget, next != -1, crc, done -> progress.accept(base + done)));
            read += member.length;
            segmentsBefore += segments(member.length);
            if (next == -1) return read;
        }
    }

    /**
     * One member of a compressed file: {@code data} (at most {@link #memberBytes} bytes) coded or, when that would be
     * larger, stored.
     *
     * @param continued whether another member will follow this one (every member but the last)
     * @param crc       the running CRC32C of the members before this one (fresh for the first), updated with this one
     * @param progress  called with the number of this member's segments finished so far (from worker threads)
     */
    public byte[] compressMember(byte[] data, int budget, boolean continued, CRC32C crc, LongConsumer progress) throws IOException {
        if (data.length > memberBytes()) throw new IllegalArgumentException(data.length + " bytes for a member of at most " + memberBytes());
        int[] symbols = modality.toSymbols(data);
        int d = net.length();
        ArdmCoder coder = coder(budget);
        ArdmFileHeader header = ArdmFileHeader.coded(fingerprint, symbols.length, budget, d, Categorical.DEFAULT_PRECISION,
                modality.id(), modality.headerMetadata(data), 0).withContinued(continued);
        int streams = header.streamCount();
        byte[][] payloads = new byte[streams][];
        AtomicLong done = new AtomicLong();
        Parallel.forRange(streams, (lo, hi) -> {
            for (int s = lo; s < hi; s++) {
                RansEncoder enc = new RansEncoder();
                int from = Math.toIntExact(header.firstSegment(s) * d);
                int to = Math.toIntExact(Math.min(header.firstSegment(s + 1) * d, symbols.length));
                // A stack: the decoder reads the stream's first segment first, so it is pushed last.
                for (long seg = header.firstSegment(s + 1) - 1; seg >= header.firstSegment(s); seg--) {
                    int start = Math.toIntExact(seg * d);
                    int length = Math.min(d, symbols.length - start);
                    coder.encode(Arrays.copyOfRange(symbols, start, start + length), length, enc);
                    progress.accept(done.incrementAndGet());
                }
                byte[] coded = enc.toByteArray();
                byte[] raw = rawSymbols(symbols, from, to);
                payloads[s] = coded.length < raw.length ? withMode(RANS, coded) : withMode(RAW, raw);
            }
        });
        long codedSize = header.size();
        for (byte[] p : payloads) codedSize += 4 + p.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (codedSize > header.size() + (long) data.length) {
            crc.update(data);
            ArdmContainer.writeStored(out, header.asStored(data, (int) crc.getValue()), data);
        } else {
            crc.update(modality.checkedContent(data));
            ArdmContainer.write(out, header.withCrc((int) crc.getValue()), Arrays.asList(payloads));
        }
        return out.toByteArray();
    }

    /**
     * The exact code length of {@code data} in bits (−log2 p of every segment in the coding orders under the policies
     * of {@code budget}; the budget D gives the model's exact fixed-order NLL), and its number of symbols.
     */
    public Bits nllBits(byte[] data, int budget) {
        int[] symbols = modality.toSymbols(data);
        ArdmCoder coder = coder(budget);
        double[] perSegment = new double[Math.toIntExact(segments(symbols.length))];
        forEachSegment(symbols, (seg, values, length) -> perSegment[seg] = coder.bits(values, length));
        double total = 0;
        for (double b : perSegment) total += b; // in segment order: the same sum for every thread count
        return new Bits(total, symbols.length);
    }

    /** {@link #nllBits} symbol by symbol: what each of the data's symbols costs, in bits, in the coding orders. */
    public double[] nllBitsPerSymbol(byte[] data, int budget) {
        int[] symbols = modality.toSymbols(data);
        ArdmCoder coder = coder(budget);
        double[] bits = new double[symbols.length];
        int d = net.length();
        forEachSegment(symbols, (seg, values, length) -> System.arraycopy(coder.bitsPerPosition(values, length), 0, bits, seg * d, length));
        return bits;
    }

    private interface SegmentTask {
        void run(int segment, int[] values, int length);
    }

    /** Runs {@code task} on every D-symbol segment (the last may be shorter), segments spread over the threads. */
    private void forEachSegment(int[] symbols, SegmentTask task) {
        int d = net.length();
        Parallel.forRange(Math.toIntExact(segments(symbols.length)), (lo, hi) -> {
            for (int seg = lo; seg < hi; seg++) {
                int start = seg * d;
                int length = Math.min(d, symbols.length - start);
                task.run(seg, Arrays.copyOfRange(symbols, start, start + length), length);
            }
        });
    }

    /** A code length and the symbols it covers. */
    public record Bits(double bits, long symbols) {
        public double perSymbol() {
            return symbols == 0 ? 0 : bits / symbols;
        }
    }

    /** The data of a file whose members are all stored (one its model could not shrink), which needs no model; else empty. */
    public static Optional<byte[]> storedData(byte[] compressed) throws IOException {
        if (!ArdmMembers.summarize(new ByteArrayInputStream(compressed)).stored()) return Optional.empty();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MemberDecoder(new ByteArrayInputStream(compressed), fingerprint -> {
            throw new IllegalStateException("a stored file has no coded member");
        }, done -> { }).writeAll(out);
        return Optional.of(out.toByteArray());
    }

    /** The data of a stored member, which needs no model, checked against the running CRC32C (which it updates). */
    static byte[] verifiedStored(ArdmContainer.Contents contents, CRC32C crc) throws ArdmFormatException {
        crc.update(contents.stored());
        contents.header().requireCrc((int) crc.getValue());
        return contents.stored();
    }

    public byte[] decompress(byte[] compressed) throws IOException {
        return decompress(compressed, done -> { });
    }

    /** @param progress called with the number of segments finished so far (from worker threads) */
    public byte[] decompress(byte[] compressed, LongConsumer progress) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 3);
        decompress(new ByteArrayInputStream(compressed), out, progress);
        return out.toByteArray();
    }

    /**
     * Decompresses the members {@code in} holds onto {@code out}, one at a time (see {@link MemberDecoder}).
     *
     * @param progress called with the number of segments finished so far (from worker threads)
     * @return the number of bytes written
     */
    public long decompress(InputStream in, OutputStream out, LongConsumer progress) throws IOException {
        return new MemberDecoder(in, fingerprint -> this, progress).writeAll(out);
    }

    /**
     * The data of one member (see {@link ArdmMembers}).
     *
     * @param crc      the running CRC32C of the members before this one (fresh for the first), updated with this one
     * @param progress called with the number of this member's segments finished so far (from worker threads)
     */
    public byte[] decompressMember(ArdmContainer.Contents contents, CRC32C crc, LongConsumer progress) throws IOException {
        ArdmFileHeader h = contents.header();
        if (h.stored()) return verifiedStored(contents, crc);
        requireDecodable(h);
        ArdmCoder coder = coder(h.budget());
        List<byte[]> payloads = contents.payloads();
        int[] symbols = new int[Math.toIntExact(h.originalLength())];
        List<String> failures = new ArrayList<>();
        AtomicLong done = new AtomicLong();
        // Each thread takes a run of streams and decodes their segments round by round: a left-to-right model in lockstep,
        // one batched call per position for all of them, the others one segment after another.
        Parallel.forRange(payloads.size(), (lo, hi) -> {
            CodedStreams coded = openStreams(h, payloads, lo, hi, symbols, failures, segments -> progress.accept(done.addAndGet(segments)));
            decodeSideBySide(h, coder, coded, symbols, failures, () -> progress.accept(done.incrementAndGet()));
        });
        if (!failures.isEmpty()) throw new ArdmFormatException("corrupt ardm file: " + failures.get(0));
        return checkedBytes(h, symbols, crc);
    }

    /** Refuses a member this codec cannot decode: another modality or model, segment length, coder precision or budget. */
    private void requireDecodable(ArdmFileHeader h) throws ArdmFormatException {
        if (!h.modality().equals(modality.id())) {
            throw new ArdmFormatException("compressed with a " + h.modality() + " model; this is a " + modality.id() + " model");
        }
        h.requireFingerprint(fingerprint);
        int d = net.length();
        if (h.segmentLength() != d) throw new ArdmFormatException("segment length " + h.segmentLength() + " does not match the model's " + d);
        if (h.precision() != Categorical.DEFAULT_PRECISION) throw new ArdmFormatException("unsupported coder precision " + h.precision());
        if (h.budget() > d) throw new ArdmFormatException("invalid budget " + h.budget() + " for D=" + d);
    }

    /** The rANS streams of a run of streams, with their decoders (index for index). */
    private record CodedStreams(List<Integer> streams, List<RansDecoder> decoders) {}

    /**
     * Streams [lo, hi) of a member: a plain payload's symbols are read here (and its segments reported to {@code plainSegments});
     * the model-coded ones are returned with their decoders. A stream whose payload is malformed is reported to {@code failures}.
     */
    private CodedStreams openStreams(ArdmFileHeader h, List<byte[]> payloads, int lo, int hi, int[] symbols, List<String> failures,
                                     LongConsumer plainSegments) {
        int d = net.length();
        CodedStreams coded = new CodedStreams(new ArrayList<>(), new ArrayList<>());
        for (int s = lo; s < hi; s++) {
            long seg = h.firstSegment(s);
            try {
                int from = Math.toIntExact(seg * d);
                int to = Math.toIntExact(Math.min(h.firstSegment(s + 1) * d, symbols.length));
                byte[] payload = payloads.get(s);
                // Version 3 payloads are rANS streams with no mode byte.
                int mode = h.version() == 3 ? RANS : payload[0];
                byte[] body = h.version() == 3 ? payload : Arrays.copyOfRange(payload, 1, payload.length);
                if (mode == RAW) {
                    readRawSymbols(body, symbols, from, to);
                    plainSegments.accept(h.firstSegment(s + 1) - seg);
                } else if (mode == RANS) {
                    coded.streams().add(s);
                    coded.decoders().add(new RansDecoder(body, (long) (to - from) * process.stages()));
                } else {
                    throw new CorruptStreamException("unknown payload mode " + mode);
                }
            } catch (CorruptStreamException e) {
                failed(failures, s, seg, e);
            }
        }
        return coded;
    }

    /** The member's bytes from its decoded symbols, checked against the running CRC32C (which it updates). */
    private byte[] checkedBytes(ArdmFileHeader h, int[] symbols, CRC32C crc) throws ArdmFormatException {
        byte[] data;
        try {
            data = modality.toBytes(symbols, h.metadata());
        } catch (IllegalArgumentException e) {
            throw new ArdmFormatException("corrupt ardm file: decoded symbols that no " + modality.id() + " file holds (" + e.getMessage() + ")");
        }
        crc.update(modality.checkedContent(data));
        h.requireCrc((int) crc.getValue());
        return data;
    }

    /**
     * Decodes the segments of the coded streams: round r decodes segment r of every stream that has one, in lockstep where
     * the coder can ({@link ArdmCoder#decodeInLockstep}), else one segment after another. The first stream that fails is
     * reported and ends the work of this run of streams (the member is corrupt either way).
     */
    private void decodeSideBySide(ArdmFileHeader h, ArdmCoder coder, CodedStreams coded, int[] symbols, List<String> failures,
                                  Runnable segmentDone) {
        for (long round = 0; ; round++) {
            List<Integer> going = streamsGoingOn(h, coded, round, failures);
            if (going == null || going.isEmpty()) return;
            if (!decodeRound(h, coder, coded, going, round, symbols, failures, segmentDone)) return;
        }
    }

    /**
     * The indices (into {@code coded}) of the streams with a segment in {@code round}; a stream whose segments ended with the
     * last round must end exactly there ({@link RansDecoder#finish}). Null when one does not (reported to {@code failures}).
     */
    private static List<Integer> streamsGoingOn(ArdmFileHeader h, CodedStreams coded, long round, List<String> failures) {
        List<Integer> going = new ArrayList<>();
        for (int i = 0; i < coded.streams().size(); i++) {
            int s = coded.streams().get(i);
            if (h.firstSegment(s) + round < h.firstSegment(s + 1)) going.add(i);
            else if (h.firstSegment(s) + round == h.firstSegment(s + 1)) {
                try {
                    coded.decoders().get(i).finish();
                } catch (CorruptStreamException e) {
                    failed(failures, s, h.firstSegment(s + 1), e);
                    return null;
                }
            }
        }
        return going;
    }

    /** Segment {@code round} of each stream {@code going}, into {@code symbols}; false when one fails (reported to {@code failures}). */
    private boolean decodeRound(ArdmFileHeader h, ArdmCoder coder, CodedStreams coded, List<Integer> going, long round, int[] symbols,
                                List<String> failures, Runnable segmentDone) {
        int d = net.length();
        int[] lengths = new int[going.size()];
        int[] starts = new int[going.size()];
        RansDecoder[] decs = new RansDecoder[going.size()];
        for (int g = 0; g < lengths.length; g++) {
            starts[g] = Math.toIntExact((h.firstSegment(coded.streams().get(going.get(g))) + round) * d);
            lengths[g] = Math.min(d, symbols.length - starts[g]);
            decs[g] = coded.decoders().get(going.get(g));
        }
        int g = 0;
        try {
            if (going.size() > 1 && coder.decodesInLockstep(lengths)) {
                int[][] x;
                try {
                    x = coder.decodeInLockstep(decs, lengths);
                } catch (ArdmCoder.LockstepFailure e) {
                    g = e.datapoint();
                    throw (CorruptStreamException) e.getCause();
                }
                for (g = 0; g < x.length; g++) {
                    System.arraycopy(x[g], 0, symbols, starts[g], lengths[g]);
                    segmentDone.run();
                }
            } else {
                for (g = 0; g < lengths.length; g++) {
                    System.arraycopy(coder.decode(decs[g], lengths[g]), 0, symbols, starts[g], lengths[g]);
                    segmentDone.run();
                }
            }
            return true;
        } catch (CorruptStreamException e) {
            failed(failures, coded.streams().get(going.get(g)), starts[g] / d, e);
            return false;
        }
    }

    private static void failed(List<String> failures, int stream, long segment, CorruptStreamException e) {
        synchronized (failures) {
            failures.add("stream " + stream + " (segment " + segment + "): " + e.getMessage());
        }
    }

    private ArdmCoder coder(int budget) {
        return new ArdmCoder(net, process, orders, policies.apply(budget), Categorical.DEFAULT_PRECISION, modality.padSymbol(), MAX_BATCH);
    }

    private int bytesPerSymbol() {
        return process.classes() <= 256 ? 1 : 2;
    }

    private byte[] rawSymbols(int[] symbols, int from, int to) {
        int width = bytesPerSymbol();
        byte[] out = new byte[(to - from) * width];
        for (int i = from; i < to; i++) {
            if (width == 1) out[i - from] = (byte) symbols[i];
            else {
                out[2 * (i - from)] = (byte) (symbols[i] >>> 8);
                out[2 * (i - from) + 1] = (byte) symbols[i];
            }
        }
        return out;
    }

    private void readRawSymbols(byte[] body, int[] symbols, int from, int to) throws CorruptStreamException {
        int width = bytesPerSymbol();
        if (body.length != (to - from) * width) {
            throw new CorruptStreamException("plain payload has " + body.length + " bytes for " + (to - from) + " symbols");
        }
        for (int i = from; i < to; i++) {
            int v = width == 1 ? body[i - from] & 0xFF : (body[2 * (i - from)] & 0xFF) << 8 | body[2 * (i - from) + 1] & 0xFF;
            if (v >= process.classes()) throw new CorruptStreamException("plain payload holds symbol " + v);
            symbols[i] = v;
        }
    }

    private static byte[] withMode(int mode, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = (byte) mode;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }
}
