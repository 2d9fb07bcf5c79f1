package io.ardm.modality.text8;

import io.ardm.modality.Dataset;
import io.ardm.modality.Dataset.Split;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.modality.Dataset.Split;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Text8ReaderTest {
    /** 2,000 chars of text8-format text. */
    private static final String TEXT = " the quick brown fox jumps over the lazy dog".repeat(50).substring(0, 2_000);

    private static void assertHoldsText(Dataset data) {
        assertEquals(1_800, data.length(Split.TRAIN));
        assertEquals(100, data.length(Split.VALID));
        assertEquals(100, data.length(Split.TEST));
        String joined = TextAlphabet.decode(data.tokens(Split.TRAIN)) + TextAlphabet.decode(data.tokens(Split.VALID))
                + TextAlphabet.decode(data.tokens(Split.TEST));
        assertEquals(TEXT, joined);
    }

    private static Path zip(Path file, String... entryNames) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (String name : entryNames) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(TEXT.getBytes(StandardCharsets.US_ASCII));
                zip.closeEntry();
            }
        }
        return file;
    }

    @Test
    void readsAPlainFileAndSplitsItNinetyFiveFive(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("text8"), TEXT);
        Dataset data = Text8Reader.read(file);
        assertHoldsText(data);
        assertTrue(data.source().contains(file.toString()), data.source());
        assertHoldsText(Text8Reader.read(dir));
    }

    @Test
    void readsText8Zip(@TempDir Path dir) throws IOException {
        assertHoldsText(Text8Reader.read(zip(dir.resolve("text8.zip"), "text8")));
        assertHoldsText(Text8Reader.read(zip(dir.resolve("other.zip"), "corpus.txt")));
        var e = assertThrows(IOException.class, () -> Text8Reader.read(zip(dir.resolve("two.zip"), "a", "b")));
        assertTrue(e.getMessage().contains("should hold one entry named text8"), e.getMessage());
    }

    @Test
    void readsGzip(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("corpus.txt.gz");
        try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(TEXT.getBytes(StandardCharsets.US_ASCII));
        }
        assertHoldsText(Text8Reader.read(file));
    }

    @Test
    void toleratesOneTrailingNewlineOnly(@TempDir Path dir) throws IOException {
        assertHoldsText(Text8Reader.read(Files.writeString(dir.resolve("a"), TEXT + "\n")));
        Path twice = Files.writeString(dir.resolve("b"), TEXT + "\n\n");
        var e = assertThrows(OutOfAlphabetException.class, () -> Text8Reader.read(twice));
        assertEquals(twice + ": character '\\n' (U+000A) at offset 2000 is outside the text8 alphabet (a-z and space)", e.getMessage());
    }

    @Test
    void badCharacterErrorNamesFileCharacterAndOffset(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("text8"), "abc caf\u00C9 def", StandardCharsets.UTF_8);
        var e = assertThrows(OutOfAlphabetException.class, () -> Text8Reader.read(file));
        assertEquals(file + ": character '\u00C9' (U+00C9) at offset 7 is outside the text8 alphabet (a-z and space)", e.getMessage());
        Path zip = dir.resolve("text8.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("text8"));
            out.write("ab Cd".getBytes(StandardCharsets.US_ASCII));
        }
        var inZip = assertThrows(OutOfAlphabetException.class, () -> Text8Reader.read(zip));
        assertTrue(inZip.getMessage().startsWith(zip + "!text8: character 'C' (U+0043) at offset 3"), inZip.getMessage());
    }

    @Test
    void readsASplitCorpusDirectory(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("train.txt"), "abc");
        Files.writeString(dir.resolve("valid.txt"), "de");
        Files.writeString(dir.resolve("test.txt"), "f g");
        Dataset data = Text8Reader.read(dir);
        assertArrayEquals(TextAlphabet.encode("abc"), data.tokens(Split.TRAIN));
        assertArrayEquals(TextAlphabet.encode("de"), data.tokens(Split.VALID));
        assertArrayEquals(TextAlphabet.encode("f g"), data.tokens(Split.TEST));
        Files.delete(dir.resolve("test.txt"));
        var e = assertThrows(IOException.class, () -> Text8Reader.read(dir));
        assertTrue(e.getMessage().contains("missing test.txt"), e.getMessage());
        assertThrows(IOException.class, () -> Text8Reader.read(dir.resolve("nothing-here")));
    }
}
