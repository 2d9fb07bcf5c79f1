package io.ardm.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Training metrics as JSON lines (one object per record), appended as they happen so a crash keeps them. */
public final class MetricsLog {
    private final Path file;

    public MetricsLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public ObjectNode record(String kind, long step) {
        ObjectNode n = RunCheckpoint.JSON.createObjectNode();
        n.put("kind", kind);
        n.put("step", step);
        return n;
    }

    public void append(ObjectNode record) {
        try {
            Files.writeString(file, RunCheckpoint.JSON.writeValueAsString(record) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Drops records after {@code step} (a resumed run repeats them). */
    public void truncateAfter(long step) throws IOException {
        if (!Files.exists(file)) return;
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode record = parse(line);
            if (record != null && record.path("step").asLong() <= step) kept.add(line);
        }
        io.ardm.io.AtomicFiles.write(file, (String.join("\n", kept) + (kept.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8));
    }

    public List<JsonNode> read() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode record = parse(line);
            if (record != null) out.add(record);
        }
        return out;
    }

    /** A record, or null for a blank line or one cut short by a crash while it was written. */
    private static JsonNode parse(String line) {
        if (line.isBlank()) return null;
        try {
            return RunCheckpoint.JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return null;
        }
    }
}
