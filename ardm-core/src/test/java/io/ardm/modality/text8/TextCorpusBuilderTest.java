package io.ardm.modality.text8;

import io.ardm.modality.Dataset;
import io.ardm.modality.Dataset.Split;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ardm.modality.Dataset.Split;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCorpusBuilderTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    /** A miniature dictd database: a licence header entry, then entries in GCIDE's markup. */
    private static Path writeDictd(Path dir) throws IOException {
        String header = "\n00-database-info\n   GNU General Public License notice\n\n";
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            body.append("Aaronic \\Aa*ron\"ic\\ ([asl]*r[o^]n\"[i^]k), a.\n")
                .append("   Pertaining to Aaron, pre[\"e]minent since 1611; <i>caf&eacute;</i>.\n")
                .append("        [1913 Webster]\n\n");
        }
        byte[] text = (header + body).getBytes(StandardCharsets.US_ASCII);
        Path dict = dir.resolve("mini.dict.dz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dict))) {
            out.write(text);
        }
        // offset 1 ("B"), length = header minus its first newline
        String length = Character.toString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charAt(header.length() - 1));
        Files.writeString(dir.resolve("mini.index"), "00-database-info\tB\t" + length + "\nAaronic\t" + length + "\tA\n");
        return dict;
    }

    @Test
    void buildsSplitsAndManifestThatTheReaderReadsBack(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("corpus");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TextCorpusBuilder.Result result = TextCorpusBuilder.build(writeDictd(dir), out, new PrintStream(log, true, StandardCharsets.UTF_8));

        String unit = "aaronic aronik a pertaining to aaron preeminent since one six one one cafe";
        int total = unit.length() * 40 + 39;
        assertEquals(total, result.totalChars());
        assertEquals(Dataset.splitLengths(total)[0], result.trainChars());
        assertEquals(Dataset.splitLengths(total)[1], result.validChars());
        assertEquals(Dataset.splitLengths(total)[2], result.testChars());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("dropped dictd metadata entries"));

        String train = Files.readString(out.resolve("train.txt"));
        assertTrue(train.startsWith(unit + " " + unit), train.substring(0, 200));
        assertFalse(train.contains("license") || train.contains("webster"), "header and attributions are gone");

        Dataset data = Text8Reader.read(out);
        assertEquals(result.trainChars(), data.length(Split.TRAIN));
        assertEquals(result.validChars(), data.length(Split.VALID));
        assertEquals(result.testChars(), data.length(Split.TEST));

        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals(total, manifest.get("chars").asInt());
        assertEquals(result.validChars(), manifest.get("files").get("valid").get("chars").asInt());
        assertEquals(64, manifest.get("source_sha256").asText().length());
    }

    @Test
    void plainTextSourceNeedsNoIndex(@TempDir Path dir) throws IOException {
        Path source = Files.writeString(dir.resolve("kjv.txt"), "In the beginning God created the heaven and the earth.\n".repeat(20));
        TextCorpusBuilder.Result result = TextCorpusBuilder.build(source, dir.resolve("out"), QUIET);
        assertEquals("in the beginning god created the heaven and the earth".length() * 20 + 19, result.totalChars());
        assertTrue(Files.readString(dir.resolve("out/train.txt")).startsWith("in the beginning god created the heaven and the earth in the"));
    }
}
