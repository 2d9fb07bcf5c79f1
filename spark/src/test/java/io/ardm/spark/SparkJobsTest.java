package io.ardm.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ardm.Ardm;
import io.ardm.ArdmModel;
import io.ardm.ardm.Likelihood;
import io.ardm.ardm.StagePolicies;
import io.ardm.modality.Dataset.Split;
import io.ardm.run.Evaluation;
import io.ardm.run.LoadedModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The jobs on local[2,2] (two threads, one retry per task) against the library computing the same thing on one machine. */
class SparkJobsTest {
    @TempDir static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2,2]").appName("ardm-spark tests").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    record Output(int exit, String out, String err) {}

    static Output run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err));
            int exit = cl.execute(args);
            return new Output(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    /** 1,000 records: English of many lengths, non-Latin UTF-8, random bytes, and empty ones. */
    static List<byte[]> mixedRecords() {
        SplittableRandom r = new SplittableRandom(11);
        String english = "the quick brown fox jumps over the lazy dog while a careful reader checks every byte of the archive. ";
        String other = "Größe, façade, Ελληνικά, 中文 — ";
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            byte[] record = switch (i % 10) {
                case 0 -> new byte[0];
                case 1 -> r.ints(r.nextInt(1, 120), 0, 256).collect(ByteArrayOutputStream::new, ByteArrayOutputStream::write, (a, b) -> {}).toByteArray();
                case 2 -> other.repeat(r.nextInt(1, 4)).getBytes(StandardCharsets.UTF_8);
                default -> english.substring(r.nextInt(40)).repeat(r.nextInt(1, 3)).substring(r.nextInt(10)).getBytes(StandardCharsets.UTF_8);
            };
            records.add(record);
        }
        return records;
    }

    static String parquetOf(List<byte[]> records, String name) {
        StructType schema = new StructType().add("name", DataTypes.StringType).add("data", DataTypes.BinaryType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) rows.add(RowFactory.create("r" + i, records.get(i)));
        String path = dir.resolve(name).toString();
        spark.createDataFrame(rows, schema).coalesce(3).write().parquet(path);
        return path;
    }

    static Map<String, Row> byId(String parquet) {
        Map<String, Row> rows = new HashMap<>();
        for (Row r : spark.read().parquet(parquet).collectAsList()) rows.put(r.getAs("id"), r);
        return rows;
    }

    @Test
    void compressThenDecompressRoundTripsAThousandMixedRecordsWithTheLibrarysBytes() throws Exception {
        List<byte[]> records = mixedRecords();
        String input = parquetOf(records, "mixed.parquet");
        String blobs = dir.resolve("blobs").toString();
        Output c = run("compress", input, blobs, "--id", "name", "--partitions", "4");
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("900 records compressed with bytes-ltr") && c.out().contains("100 records with errors"), c.out());

        ArdmModel model = Ardm.load(Ardm.DEFAULT_BYTES_MODEL);
        Map<String, Row> coded = byId(blobs);
        assertEquals(1000, coded.size());
        for (int i = 0; i < records.size(); i++) {
            Row row = coded.get("r" + i);
            assertEquals(i, (long) row.getAs("index"), "records keep their input positions");
            if (records.get(i).length == 0) {
                assertEquals("empty record", row.getAs("error"));
                continue;
            }
            assertNull(row.getAs("error"));
            assertArrayEquals(model.compress(records.get(i)), row.getAs("blob"), "record " + i + ": the bytes ardm compress writes");
        }

        String decoded = dir.resolve("decoded").toString();
        Output d = run("decompress", blobs, decoded, "--verify", input, "--id", "name");
        assertEquals(0, d.exit(), d.err());
        assertTrue(d.out().contains("900 records decompressed and equal to their originals, 100 records with errors"), d.out());
        Map<String, Row> back = byId(decoded);
        for (int i = 1; i < records.size(); i += 10) assertArrayEquals(records.get(i), back.get("r" + i).getAs("data"));
    }

    @Test
    void corruptBlobsGetAnErrorAndTheJobGoesOn() throws Exception {
        List<byte[]> records = mixedRecords().subList(1, 9);
        String blobs = dir.resolve("few-blobs").toString();
        assertEquals(0, run("compress", parquetOf(records, "few.parquet"), blobs, "--id", "name").exit());
        List<Row> damaged = new ArrayList<>();
        for (Row r : spark.read().parquet(blobs).select("index", "id", "blob").collectAsList()) {
            byte[] blob = ((byte[]) r.get(2)).clone();
            if (r.getLong(0) == 2) blob = Arrays.copyOf(blob, blob.length / 2);
            if (r.getLong(0) == 3) blob[blob.length - 3] ^= 0x10;
            damaged.add(RowFactory.create(r.get(0), r.get(1), blob));
        }
        String damagedPath = dir.resolve("damaged").toString();
        spark.createDataFrame(damaged, new StructType().add("index", DataTypes.LongType).add("id", DataTypes.StringType)
                .add("blob", DataTypes.BinaryType)).write().parquet(damagedPath);
        Output d = run("decompress", damagedPath, dir.resolve("damaged-out").toString());
        assertEquals(0, d.exit(), d.err());
        assertTrue(d.out().contains("6 records decompressed, 2 records with errors"), d.out());
        Map<String, Row> out = byId(dir.resolve("damaged-out").toString());
        for (String id : List.of("r2", "r3")) {
            String error = out.get(id).getAs("error");
            assertTrue(error != null && !error.contains("\n") && !error.contains("Exception"), id + ": " + error);
        }
    }

    @Test
    void aSymbolOutsideATextModelsAlphabetIsABadRecord() throws Exception {
        Path jsonl = dir.resolve("text8.jsonl");
        Files.write(jsonl, List.of("{\"text\": \"and god said let there be light\"}", "{\"text\": \"And God said\"}", "{\"text\": \"\"}"));
        String blobs = dir.resolve("text8-blobs").toString();
        Output o = run("compress", jsonl.toString(), blobs, "-m", "text8-ltr");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("1 records compressed with text8-ltr") && o.out().contains("2 records with errors"), o.out());
        Map<String, Row> rows = byId(blobs);
        assertTrue(((String) rows.get("1").getAs("error")).contains("'A'"), (String) rows.get("1").getAs("error"));
        assertEquals("empty record", rows.get("2").getAs("error"));
        assertArrayEquals(Ardm.load("text8-ltr").compress("and god said let there be light".getBytes(StandardCharsets.US_ASCII)),
                rows.get("0").getAs("blob"));
    }

    @Test
    void aRetriedTaskWritesTheSameBytes() throws Exception {
        String input = parquetOf(mixedRecords().subList(0, 40), "retry.parquet");
        assertEquals(0, run("compress", input, dir.resolve("plain").toString(), "--id", "name", "--partitions", "2").exit());
        TaskFaults.failFirstAttemptOfPartition = 1;
        try {
            Output retried = run("compress", input, dir.resolve("retried").toString(), "--id", "name", "--partitions", "2");
            assertEquals(0, retried.exit(), retried.err());
            assertEquals(1, TaskFaults.injected.get(), "the fault was injected once and the task retried");
        } finally {
            TaskFaults.failFirstAttemptOfPartition = -1;
        }
        Map<String, Row> plain = byId(dir.resolve("plain").toString());
        Map<String, Row> retried = byId(dir.resolve("retried").toString());
        assertEquals(plain.keySet(), retried.keySet());
        for (String id : plain.keySet()) assertArrayEquals((byte[]) plain.get(id).getAs("blob"), (byte[]) retried.get(id).getAs("blob"), id);
    }

    /** The test split's segments as records, some whole, some two or three to a record, one the text8 alphabet cannot take. */
    @Test
    void evalGivesTheFigureOfOneMachineToTheBit() throws Exception {
        LoadedModel oa = Ardm.load("text8-oa").loaded();
        int d = oa.length();
        int[] x = oa.modality().bundledSample().segments(Split.TEST, d, 0, 12);
        List<String> lines = new ArrayList<>();
        int[] perRecord = {1, 2, 1, 3, 1, 1, 2, 1};
        int at = 0;
        for (int segments : perRecord) {
            byte[] text = oa.modality().toBytes(Arrays.copyOfRange(x, at * d, (at + segments) * d));
            at += segments;
            String tail = segments == 2 ? "and a tail" : ""; // symbols past the last whole segment are left out
            lines.add("{\"text\": \"" + new String(text, StandardCharsets.US_ASCII) + tail + "\"}");
            if (segments == 3) lines.add("{\"text\": \"UPPER CASE is not text8\"}");
        }
        Path jsonl = dir.resolve("segments.jsonl");
        Files.write(jsonl, lines);

        StagePolicies sequential = StagePolicies.sequential(1, d);
        Likelihood.Estimate want = Likelihood.stochasticElbo(oa.network(), oa.process(), x, 12, sequential, 3, 16, 5);
        EvalJob.Result got = EvalJob.evaluate(spark, Records.read(spark, jsonl.toString(), new RecordOptions(), 3), "text8-oa", 3, 5, null);
        assertEquals(want, got.estimate(), "ardm eval's figure, to the bit");
        assertEquals(12, got.segments());
        assertEquals(9, got.records());
        assertEquals(1, got.badRecords());
        assertEquals(2 * "and a tail".length(), got.symbolsLeftOut());
        assertNotEquals(want, EvalJob.evaluate(spark, Records.read(spark, jsonl.toString(), new RecordOptions(), 3), "text8-oa", 3, 6, null).estimate(),
                "another seed draws other terms");

        LoadedModel ltr = Ardm.load("text8-ltr").loaded();
        Likelihood.Estimate exact = Likelihood.Estimate.of(Evaluation.samples(ltr.network(), ltr.config().objective(), x, 16, new SplittableRandom(0)));
        assertEquals(exact, EvalJob.evaluate(spark, Records.read(spark, jsonl.toString(), new RecordOptions(), 2), "text8-ltr", 1, 0, null).estimate());

        Output printed = run("eval", jsonl.toString(), "-m", "text8-oa", "--passes", "3", "--seed", "5");
        assertEquals(0, printed.exit(), printed.err());
        assertTrue(printed.out().contains(String.format("ELBO over 3 passes %.4f ± %.4f bpc", want.bitsPerDim(), want.standardError())), printed.out());
    }

    @Test
    void badArgumentsGetOneLineAndANonZeroExit() throws Exception {
        Path jsonl = dir.resolve("other-field.jsonl");
        Files.writeString(jsonl, "{\"body\": \"hello\"}\n");
        Output missingField = run("compress", jsonl.toString(), dir.resolve("never").toString());
        assertEquals(1, missingField.exit());
        assertTrue(missingField.err().contains("has no field 'text' (it has body); name one with --field"), missingField.err());
        Output exists = run("compress", jsonl.toString(), dir.toString(), "--field", "body");
        assertTrue(exists.exit() != 0 && exists.err().contains("exists: choose another output"), exists.err());
        Output noInput = run("eval", dir.resolve("nothing").toString());
        assertTrue(noInput.exit() != 0 && noInput.err().contains("does not exist"), noInput.err());
        Output noModel = run("compress", jsonl.toString(), dir.resolve("never2").toString(), "--field", "body", "-m", "no-such-model");
        assertTrue(noModel.exit() != 0 && noModel.err().contains("no-such-model"), noModel.err());
        for (Output o : List.of(missingField, exists, noInput, noModel)) {
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertFalse(o.err().contains("\tat "), o.err());
        }
    }
}
