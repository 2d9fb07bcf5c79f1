package io.ardm.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ardm.io.AtomicFiles;
import io.ardm.tensor.Tensor;
import java.io.OutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32C;

/**
 * A model checkpoint: the model config, training metadata, named groups of tensors ("params", "ema",
 * "optimizer", ...) and named double arrays (e.g. the per-step loss components). Tensors are stored as float32, or
 * as IEEE float16 for a group saved {@link #withHalfTensors half}: the shipped models, at half the size.
 *
 * <h2>File format, version 1</h2>
 * All integers little-endian.
 * <pre>
 *   offset 0   8 bytes   magic, ASCII "ARDMCKPT"
 *          8   u32       format version (1)
 *         12   u32       header length H
 *         16   u64       data length L
 *         24   H bytes   header, UTF-8 JSON (below)
 *     24 + H   L bytes   data: every tensor (float32, or float16 where its dtype says so), then every array as
 *                       float64, in header order
 * 24 + H + L   u32       CRC32C (Castagnoli) of all bytes before it
 * </pre>
 * Header:
 * <pre>
 * { "config": {...}, "metadata": {...},
 *   "optimizerCount": 123,                       (only with an "optimizer" group)
 *   "tensors": [ {"group": "params", "name": "...", "dtype": "float32" | "float16", "shape": [..], "offset": o, "bytes": b}, ... ],
 *   "arrays":  [ {"name": "...", "dtype": "float64", "length": n, "offset": o, "bytes": b}, ... ] }
 * </pre>
 * Offsets count from the start of the data section; entries are contiguous and in header order. A float16 tensor is
 * read back as the float32 values its halves denote exactly, so a model's {@link #fingerprint} is the same before and
 * after a half-precision save and load: it covers what is stored.
 *
 * <p>Writes are atomic: the file is written under a temporary name in the target directory, forced to
 * disk and renamed over the target, so a crash never leaves a half-written checkpoint under the real name.
 * Loading verifies size and checksum before it interprets anything.
 */
public final class Checkpoint {
    public static final String PARAMS = "params";
    public static final String EMA = "ema";
    public static final String OPTIMIZER = "optimizer";
    public static final int FORMAT_VERSION = 1;

    private static final byte[] MAGIC = "ARDMCKPT".getBytes(StandardCharsets.US_ASCII);
    private static final int PRELUDE_BYTES = 24;
    private static final int CRC_BYTES = 4;
    private static final String FLOAT32 = "float32";
    private static final String FLOAT16 = "float16";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] FINGERPRINT_TAG = "ardm-fingerprint-v1\n".getBytes(StandardCharsets.US_ASCII);

    private final Path source;
    private final JsonNode config;
    private final JsonNode metadata;
    private final Map<String, Map<String, Tensor>> groups = new LinkedHashMap<>();
    private final Map<String, double[]> arrays = new LinkedHashMap<>();
    private final Set<String> halfGroups = new HashSet<>();
    private long optimizerCount = -1;

    /**
     * A checkpoint to be filled with {@code with...} and saved. {@code config} is any Jackson-serialisable
     * object (or a JsonNode); {@code metadata} (step, seed, ...) may be null.
     */
    public Checkpoint(Object config, JsonNode metadata) {
        this(null, JSON.valueToTree(Objects.requireNonNull(config, "config")), metadata == null ? JSON.createObjectNode() : metadata);
    }

    private Checkpoint(Path source, JsonNode config, JsonNode metadata) {
        this.source = source;
        this.config = config;
        this.metadata = metadata;
    }

    /** Adds a tensor group; the values are read when {@link #save} runs. */
    public Checkpoint withTensors(String group, Map<String, Tensor> tensors) {
        if (group.isEmpty()) throw new IllegalArgumentException("group name must not be empty");
        if (group.equals(OPTIMIZER)) throw new IllegalArgumentException("use withOptimizer for the optimizer state");
        groups.put(group, new LinkedHashMap<>(tensors));
        halfGroups.remove(group);
        return this;
    }

    public Checkpoint withTensors(String group, Parameters tensors) {
        return withTensors(group, tensors.asMap());
    }

    /**
     * Adds a tensor group stored as IEEE float16 (round to nearest even): half the bytes of float32. The values kept
     * in this checkpoint are rounded at once, so its fingerprint is the one a reload gives.
     */
    public Checkpoint withHalfTensors(String group, Map<String, Tensor> tensors) {
        Map<String, Tensor> rounded = new LinkedHashMap<>();
        for (var e : tensors.entrySet()) rounded.put(e.getKey(), roundedToHalf(e.getValue()));
        withTensors(group, rounded);
        halfGroups.add(group);
        return this;
    }

    private static Tensor roundedToHalf(Tensor t) {
        float[] v = new float[t.data.length];
        for (int i = 0; i < v.length; i++) {
            short h = Float.floatToFloat16(t.data[i]);
            if (Float.isInfinite(Float.float16ToFloat(h)) && !Float.isInfinite(t.data[i])) {
                throw new IllegalArgumentException("value " + t.data[i] + " is beyond the float16 range");
            }
            v[i] = Float.float16ToFloat(h);
        }
        return Tensor.of(v, t.shape().clone());
    }

    public Checkpoint withOptimizer(AdamW.State state) {
        groups.put(OPTIMIZER, new LinkedHashMap<>(state.moments()));
        optimizerCount = state.count();
        return this;
    }

    public Checkpoint withArray(String name, double[] values) {
        arrays.put(name, values);
        return this;
    }

    public JsonNode config() {
        return config;
    }

    public JsonNode metadata() {
        return metadata;
    }

    public boolean hasGroup(String group) {
        return groups.containsKey(group);
    }

    /** Whether a group is stored as float16. */
    public boolean isHalf(String group) {
        return halfGroups.contains(group);
    }

    /** The tensors of one group, in saved order. */
    public Map<String, Tensor> tensors(String group) throws CheckpointException {
        Map<String, Tensor> g = groups.get(group);
        if (g == null) throw new CheckpointException(source, "checkpoint has no '" + group + "' tensors");
        return Collections.unmodifiableMap(g);
    }

    public boolean hasArray(String name) {
        return arrays.containsKey(name);
    }

    public double[] array(String name) throws CheckpointException {
        double[] a = arrays.get(name);
        if (a == null) throw new CheckpointException(source, "checkpoint has no array '" + name + "'");
        return a;
    }

    /**
     * Copies a group's values into {@code target}, after checking that both hold exactly the same names
     * and shapes; on a mismatch nothing is copied.
     */
    public void restore(String group, Map<String, Tensor> target) throws CheckpointException {
        Map<String, Tensor> saved = tensors(group);
        for (var e : target.entrySet()) {
            Tensor s = saved.get(e.getKey());
            if (s == null) throw mismatch(describe(group, e.getKey()) + " is missing from the checkpoint");
            if (!Arrays.equals(s.shape(), e.getValue().shape())) {
                throw mismatch(describe(group, e.getKey()) + " has shape " + Arrays.toString(s.shape())
                        + " but the model expects " + Arrays.toString(e.getValue().shape()));
            }
        }
        for (String name : saved.keySet()) {
            if (!target.containsKey(name)) throw mismatch("the checkpoint has " + describe(group, name) + ", which the model lacks");
        }
        for (var e : target.entrySet()) {
            float[] values = saved.get(e.getKey()).data;
            System.arraycopy(values, 0, e.getValue().data, 0, values.length);
        }
    }

    public void restore(String group, Parameters target) throws CheckpointException {
        restore(group, target.asMap());
    }

    /** Restores the optimiser's moments and update count for resuming training. */
    public void restoreOptimizer(AdamW optimizer) throws CheckpointException {
        restore(OPTIMIZER, optimizer.state().moments());
        optimizer.resumeAt(optimizerCount);
    }

    private static String describe(String group, String name) {
        return group.equals(PARAMS) ? "parameter " + name : group + " tensor " + name;
    }

    private CheckpointException mismatch(String detail) {
        return new CheckpointException(source, "checkpoint does not match the model: " + detail);
    }

    // ---------------------------------------------------------------------------------------------
    // Saving

    /** Writes the checkpoint atomically (temporary file in the same directory, then rename). */
    public void save(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        AtomicFiles.write(file, this::writeTo);
    }

    private void writeTo(OutputStream sink) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.set("config", config);
        header.set("metadata", metadata);
        if (groups.containsKey(OPTIMIZER)) header.put("optimizerCount", optimizerCount);
        ArrayNode tensorIndex = header.putArray("tensors");
        long offset = 0;
        for (var g : groups.entrySet()) {
            boolean half = halfGroups.contains(g.getKey());
            for (var t : g.getValue().entrySet()) {
                long bytes = (half ? 2L : 4L) * t.getValue().size();
                ObjectNode entry = tensorIndex.addObject().put("group", g.getKey()).put("name", t.getKey())
                        .put("dtype", half ? FLOAT16 : FLOAT32);
                ArrayNode shape = entry.putArray("shape");
                for (int d : t.getValue().shape()) shape.add(d);
                entry.put("offset", offset).put("bytes", bytes);
                offset += bytes;
            }
        }
        ArrayNode arrayIndex = header.putArray("arrays");
        for (var a : arrays.entrySet()) {
            long bytes = 8L * a.getValue().length;
            arrayIndex.addObject().put("name", a.getKey()).put("dtype", "float64").put("length", a.getValue().length)
                    .put("offset", offset).put("bytes", bytes);
            offset += bytes;
        }
        byte[] headerBytes = JSON.writeValueAsBytes(header);

        CRC32C crc = new CRC32C();
        LittleEndianOutput out = new LittleEndianOutput(chunk -> {
            crc.update(chunk.duplicate());
            sink.write(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
            chunk.position(chunk.limit());
        });
        out.putBytes(MAGIC);
        out.putInt(FORMAT_VERSION);
        out.putInt(headerBytes.length);
        out.putLong(offset);
        out.putBytes(headerBytes);
        for (var g : groups.entrySet()) {
            boolean half = halfGroups.contains(g.getKey());
            for (Tensor t : g.getValue().values()) {
                if (half) out.putHalves(t.data);
                else out.putFloats(t.data);
            }
        }
        for (double[] a : arrays.values()) out.putDoubles(a);
        out.flush();
        sink.write(ByteBuffer.allocate(CRC_BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).array());
    }

    // ---------------------------------------------------------------------------------------------
    // Loading

    /** Loads every group. */
    public static Checkpoint load(Path file) throws IOException {
        return load(file, null);
    }

    /**
     * Loads only the named tensor groups (all when {@code wanted} is null), e.g. just "ema" for sampling
     * and coding. The checksum still covers the whole file.
     */
    public static Checkpoint load(Path file, Set<String> wanted) throws IOException {
        if (Files.isDirectory(file)) throw new CheckpointException(file, "is a directory, not a checkpoint");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, ch, wanted);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "no such file");
        }
    }

    private static Checkpoint read(Path file, FileChannel ch, Set<String> wanted) throws IOException {
        long size = ch.size();
        ByteBuffer prelude = ByteBuffer.allocate(PRELUDE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        prelude.limit((int) Math.min(PRELUDE_BYTES, size));
        readFully(ch, prelude, 0, file);
        prelude.flip();
        byte[] magic = new byte[(int) Math.min(MAGIC.length, size)];
        prelude.get(magic);
        if (!Arrays.equals(magic, 0, magic.length, MAGIC, 0, magic.length)) throw new CheckpointException(file, "not an ardm checkpoint");
        if (size < PRELUDE_BYTES) throw new CheckpointException(file, "checkpoint is truncated");
        int version = prelude.getInt();
        if (version != FORMAT_VERSION) {
            throw new CheckpointException(file, "unsupported checkpoint format version " + Integer.toUnsignedString(version)
                    + " (this build reads version " + FORMAT_VERSION + ")");
        }
        int headerLength = prelude.getInt();
        long dataLength = prelude.getLong();
        if (headerLength < 0 || dataLength < 0 || dataLength > Long.MAX_VALUE / 2) {
            throw new CheckpointException(file, "checkpoint is corrupt (bad section lengths)");
        }
        long expected = PRELUDE_BYTES + headerLength + dataLength + CRC_BYTES;
        if (size < expected) throw new CheckpointException(file, "checkpoint is truncated");
        if (size > expected) throw new CheckpointException(file, "checkpoint is corrupt (" + (size - expected) + " unexpected bytes after the end)");
        verifyChecksum(file, ch, expected - CRC_BYTES);

        ByteBuffer headerBytes = ByteBuffer.allocate(headerLength);
        readFully(ch, headerBytes, PRELUDE_BYTES, file);
        JsonNode header;
        try {
            header = JSON.readTree(headerBytes.array());
        } catch (IOException e) {
            throw new CheckpointException(file, "checkpoint is corrupt (unreadable header)", e);
        }
        Index index = Index.parse(header, dataLength, file);
        Checkpoint ckpt = new Checkpoint(file, header.path("config"), header.path("metadata"));
        long dataStart = PRELUDE_BYTES + headerLength;
        for (TensorEntry e : index.tensors) {
            if (wanted != null && !wanted.contains(e.group)) continue;
            Tensor t = Tensor.of(new float[Tensor.sizeOf(e.shape)], e.shape);
            readTensor(ch, dataStart + e.offset, t.data, e.half, file);
            if (e.half) ckpt.halfGroups.add(e.group);
            ckpt.groups.computeIfAbsent(e.group, g -> new LinkedHashMap<>()).put(e.name, t);
        }
        for (ArrayEntry e : index.arrays) {
            double[] values = new double[e.length];
            readDoubles(ch, dataStart + e.offset, values, file);
            ckpt.arrays.put(e.name, values);
        }
        if (ckpt.groups.containsKey(OPTIMIZER)) {
            JsonNode count = header.get("optimizerCount");
            if (count == null || !count.canConvertToLong() || count.asLong() < 0) {
                throw new CheckpointException(file, "checkpoint is corrupt (optimizer state without a valid optimizerCount)");
            }
            ckpt.optimizerCount = count.asLong();
        }
        return ckpt;
    }

    private static void verifyChecksum(Path file, FileChannel ch, long length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        for (long pos = 0; pos < length; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), length - pos));
            readFully(ch, buf, pos, file);
            buf.flip();
            pos += buf.remaining();
            crc.update(buf);
        }
        ByteBuffer stored = ByteBuffer.allocate(CRC_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, stored, length, file);
        if (stored.flip().getInt() != (int) crc.getValue()) throw new CheckpointException(file, "checkpoint is corrupt (checksum mismatch)");
    }

    /** Reads float32 values, or float16 ones ({@code half}) widened exactly to float32. */
    private static void readTensor(FileChannel ch, long position, float[] dst, boolean half, Path file) throws IOException {
        int width = half ? 2 : 4;
        ByteBuffer buf = ByteBuffer.allocate(Math.min(1 << 20, width * dst.length)).order(ByteOrder.LITTLE_ENDIAN);
        for (int off = 0; off < dst.length; ) {
            int n = Math.min(buf.capacity() / width, dst.length - off);
            buf.clear().limit(width * n);
            readFully(ch, buf, position + (long) width * off, file);
            buf.flip();
            if (half) {
                for (int i = 0; i < n; i++) dst[off + i] = Float.float16ToFloat(buf.getShort());
            } else {
                buf.asFloatBuffer().get(dst, off, n);
            }
            off += n;
        }
    }

    private static void readDoubles(FileChannel ch, long position, double[] dst, Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8 * dst.length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, buf, position, file);
        buf.flip().asDoubleBuffer().get(dst);
    }

    /** Fills {@code buf} up to its limit, reading from {@code position}. */
    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) throw new CheckpointException(file, "checkpoint is truncated");
            pos += n;
        }
    }

    private record TensorEntry(String group, String name, int[] shape, long offset, boolean half) {}

    private record ArrayEntry(String name, int length, long offset) {}

    /** The header's tensor index, checked to be contiguous and to fill the data section exactly. */
    private record Index(List<TensorEntry> tensors, List<ArrayEntry> arrays) {
        static Index parse(JsonNode header, long dataLength, Path file) throws CheckpointException {
            List<TensorEntry> tensors = new ArrayList<>();
            List<ArrayEntry> arrays = new ArrayList<>();
            long offset = 0;
            try {
                Set<String> seen = new HashSet<>();
                for (JsonNode e : list(header, "tensors")) {
                    String group = text(e, "group");
                    String name = text(e, "name");
                    if (!seen.add(group + "\0" + name)) throw new IllegalArgumentException("duplicate tensor " + group + "/" + name);
                    String dtype = text(e, "dtype");
                    boolean half = FLOAT16.equals(dtype);
                    if (!half && !FLOAT32.equals(dtype)) throw new IllegalArgumentException("unknown dtype " + dtype);
                    JsonNode dims = list(e, "shape");
                    int[] shape = new int[dims.size()];
                    for (int i = 0; i < shape.length; i++) shape[i] = dims.get(i).intValue();
                    long bytes = (half ? 2L : 4L) * Tensor.sizeOf(shape);
                    checkPlacement(e, offset, bytes);
                    tensors.add(new TensorEntry(group, name, shape, offset, half));
                    offset += bytes;
                }
                for (JsonNode e : list(header, "arrays")) {
                    if (!"float64".equals(text(e, "dtype"))) throw new IllegalArgumentException("unknown dtype " + e.get("dtype"));
                    int length = e.path("length").intValue();
                    if (length < 0) throw new IllegalArgumentException("negative array length");
                    long bytes = 8L * length;
                    checkPlacement(e, offset, bytes);
                    arrays.add(new ArrayEntry(text(e, "name"), length, offset));
                    offset += bytes;
                }
            } catch (RuntimeException e) {
                throw new CheckpointException(file, "checkpoint is corrupt (bad tensor index: " + e.getMessage() + ")", e);
            }
            if (offset != dataLength) throw new CheckpointException(file, "checkpoint is corrupt (index covers " + offset + " of " + dataLength + " data bytes)");
            return new Index(tensors, arrays);
        }

        private static JsonNode list(JsonNode node, String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.isArray()) throw new IllegalArgumentException("no '" + field + "' list");
            return v;
        }

        private static String text(JsonNode entry, String field) {
            JsonNode v = entry.get(field);
            if (v == null || !v.isTextual()) throw new IllegalArgumentException("entry without '" + field + "'");
            return v.textValue();
        }

        private static void checkPlacement(JsonNode entry, long offset, long bytes) {
            if (entry.path("offset").longValue() != offset || entry.path("bytes").longValue() != bytes) {
                throw new IllegalArgumentException(entry.path("name").asText() + " is not at offset " + offset + " with " + bytes + " bytes");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Fingerprint

    /**
     * SHA-256 of the config and the weights used for inference ("ema" when present, else "params"): the
     * identity of a trained model, independent of the training state (optimizer, metadata, arrays).
     * See {@link #fingerprint(JsonNode, Map)} for the exact bytes hashed.
     */
    public byte[] fingerprint() {
        String group = groups.containsKey(EMA) ? EMA : PARAMS;
        if (!groups.containsKey(group)) throw new IllegalStateException("checkpoint holds neither 'ema' nor 'params' tensors");
        return fingerprint(config, groups.get(group));
    }

    /**
     * SHA-256 over this canonical byte form (integers u32 little-endian):
     * <pre>
     *   "ardm-fingerprint-v1\n" (ASCII)
     *   u32 length, then the config as compact UTF-8 JSON with object keys sorted (String order) at every level,
     *       numbers as Jackson writes them after a JSON round trip (so a saved and reloaded config hashes the same)
     *   u32 number of tensors
     *   per tensor, in name order (String order): u32 name length, UTF-8 name, u32 rank, the dims (u32 each),
     *       the values as float32 little-endian raw bits
     * </pre>
     */
    public static byte[] fingerprint(JsonNode config, Map<String, Tensor> weights) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        LittleEndianOutput out = new LittleEndianOutput(sha::update);
        try {
            out.putBytes(FINGERPRINT_TAG);
            byte[] json = JSON.writeValueAsBytes(sortedKeys(JSON.readTree(JSON.writeValueAsBytes(config))));
            out.putInt(json.length);
            out.putBytes(json);
            out.putInt(weights.size());
            for (var e : new TreeMap<>(weights).entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.putInt(name.length);
                out.putBytes(name);
                int[] shape = e.getValue().shape();
                out.putInt(shape.length);
                for (int d : shape) out.putInt(d);
                out.putFloats(e.getValue().data);
            }
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("hashing in memory cannot fail", e);
        }
        return sha.digest();
    }

    /** Lower-case hex of a fingerprint, for logs and file headers. */
    public static String hex(byte[] fingerprint) {
        return HexFormat.of().formatHex(fingerprint);
    }

    private static JsonNode sortedKeys(JsonNode node) {
        if (node.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            for (var field : node.properties()) keys.add(field.getKey());
            ObjectNode sorted = JSON.createObjectNode();
            for (String key : keys) sorted.set(key, sortedKeys(node.get(key)));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            for (JsonNode element : node) copy.add(sortedKeys(element));
            return copy;
        }
        return node;
    }
}
