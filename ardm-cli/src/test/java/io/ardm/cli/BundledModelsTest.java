package io.ardm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.run.TrainingListener;
import io.ardm.nn.Checkpoint;
import io.ardm.run.BundledModels;
import io.ardm.run.RunCheckpoint;
import io.ardm.run.TinyRuns;
import io.ardm.run.Trainer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundled models by name: `ardm export` makes them, `ardm models` lists them, -m finds them, compress without -m picks
 * the one that codes the input smallest and decompress without -m finds it again by fingerprint. A folder of two tiny
 * models stands in for the repository's models/ (through -Dardm.models).
 */
class BundledModelsTest {
    @TempDir static Path dir;
    static Path models;
    static Path textRun;

    @BeforeAll
    static void bundleTwoTinyModels() throws Exception {
        new Trainer(TinyRuns.config(6, 3), TinyRuns.corpus(), dir.resolve("t"), TinyRuns.QUIET, TrainingListener.NONE).train(false);
        textRun = dir.resolve("t").resolve(Trainer.CHECKPOINT);
        CliCommandsTest.Output b = CliCommandsTest.run("train", "--modality", "bytes", "--preset", "tiny", "--steps", "2",
                "--run", dir.resolve("b").toString(), "--no-progress");
        assertEquals(0, b.exit(), b.err());
        models = dir.resolve("models");
        bundle("letters", textRun, "A text8 test model.");
        bundle("anybytes", dir.resolve("b").resolve(Trainer.CHECKPOINT), "A byte test model.");
        realFolder = System.getProperty("ardm.models");
        System.setProperty("ardm.models", models.toString());
    }

    private static String realFolder;

    @AfterAll
    static void restoreTheRealFolder() {
        if (realFolder == null) System.clearProperty("ardm.models");
        else System.setProperty("ardm.models", realFolder);
    }

    private static void bundle(String name, Path run, String summary) throws Exception {
        Files.createDirectories(models.resolve(name));
        CliCommandsTest.Output e = CliCommandsTest.run("export", "--half", run.toString(), models.resolve(name).resolve(BundledModels.FILE_NAME).toString());
        assertEquals(0, e.exit(), e.err());
        Files.writeString(models.resolve(name).resolve(BundledModels.CARD_NAME), "# " + name + "\n\n" + summary + "\n\nMore.\n");
    }

    @Test
    void exportKeepsOnlyInferenceStateAndHalfPrecisionKeepsTheFingerprintOfWhatIsStored() throws Exception {
        Path full = dir.resolve("full.ardm");
        CliCommandsTest.Output e = CliCommandsTest.run("export", textRun.toString(), full.toString());
        assertEquals(0, e.exit(), e.err());
        Path half = BundledModels.file("letters");
        assertFalse(Checkpoint.load(full).hasGroup(Checkpoint.OPTIMIZER));
        assertFalse(Checkpoint.load(full).hasGroup(Checkpoint.PARAMS));
        long params = RunCheckpoint.loadForInference(full).network().parameters().count();
        assertTrue(Files.size(full) - Files.size(half) >= 2 * params - 64, Files.size(full) + " vs " + Files.size(half));
        assertArrayEquals(RunCheckpoint.loadForInference(textRun).fingerprint(), RunCheckpoint.loadForInference(full).fingerprint(),
                "a float32 export is the same model");
        assertFalse(Arrays.equals(RunCheckpoint.loadForInference(full).fingerprint(), RunCheckpoint.loadForInference(half).fingerprint()));
        assertTrue(e.out().contains("float32"), e.out());
        assertEquals(1, CliCommandsTest.run("export", full.toString(), full.toString()).exit(), "never overwrites its input");
    }

    @Test
    void modelsListsEachWithItsModalityOrderAndCardSummary() {
        CliCommandsTest.Output o = CliCommandsTest.run("models");
        assertEquals(0, o.exit(), o.err());
        String[] lines = o.out().lines().toArray(String[]::new);
        assertTrue(lines[1].startsWith("anybytes") && lines[1].contains("bytes") && lines[1].contains("A byte test model."), o.out());
        assertTrue(lines[2].startsWith("letters") && lines[2].contains("text8") && lines[2].contains("order-agnostic")
                && lines[2].contains("A text8 test model."), o.out());
    }

    @Test
    void dashMTakesANameOrAPathAndAnUnknownNameListsTheBundledOnes() {
        CliCommandsTest.Output byName = CliCommandsTest.run("sample", "-m", "letters", "-b", "5");
        assertEquals(0, byName.exit(), byName.err());
        assertEquals(250, byName.out().strip().length(), byName.out());
        CliCommandsTest.Output byPath = CliCommandsTest.run("sample", "-m", BundledModels.file("letters").toString(), "-b", "5");
        assertEquals(byName.out(), byPath.out(), "the same model, the same seed");
        CliCommandsTest.Output unknown = CliCommandsTest.run("sample", "-m", "nosuchmodel");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("bundled: anybytes, letters") && unknown.err().lines().count() == 1, unknown.err());
    }

    @Test
    void compressWithoutAModelPicksTheSmallestCoderAndDecompressFindsItByFingerprint() throws Exception {
        Supplier<byte[]> letters = () -> "abcd dcba bacd ".repeat(40).getBytes(StandardCharsets.US_ASCII);
        byte[] binary = Arrays.copyOf(Files.readAllBytes(Path.of("/bin/ls")), 2_000);
        for (var input : new Object[][] {{"words.txt", letters.get(), "letters"}, {"binary", binary, "anybytes"}}) {
            Path f = Files.write(dir.resolve((String) input[0]), (byte[]) input[1]);
            CliCommandsTest.Output c = CliCommandsTest.run("compress", "-b", "10", f.toString());
            assertEquals(0, c.exit(), c.err());
            assertTrue(c.err().contains(input[0] + ": model " + input[2]), c.err());
            if (input[2].equals("anybytes")) assertTrue(c.err().contains("letters can't code it"), c.err());
            assertFalse(Files.exists(f));
            CliCommandsTest.Output d = CliCommandsTest.run("decompress", f + ".ardm");
            assertEquals(0, d.exit(), d.err());
            assertArrayEquals((byte[]) input[1], Files.readAllBytes(f), (String) input[0]);
        }
    }

    @Test
    void aFileFromAModelThatIsNotBundledNeedsDashM() throws Exception {
        Path f = Files.writeString(dir.resolve("other.txt"), "abcd ".repeat(30));
        assertEquals(0, CliCommandsTest.run("compress", "-m", textRun.toString(), "-b", "5", f.toString()).exit());
        CliCommandsTest.Output d = CliCommandsTest.run("decompress", f + ".ardm");
        assertEquals(1, d.exit());
        assertTrue(d.err().contains("not bundled") && d.err().contains("-m"), d.err());
        assertFalse(Files.exists(f), "no output left behind");
        assertEquals(0, CliCommandsTest.run("decompress", "-m", textRun.toString(), f + ".ardm").exit());
        assertEquals("abcd ".repeat(30), Files.readString(f));
    }
}
