package io.ardm.spark;

import static org.apache.spark.sql.functions.col;

import io.ardm.ArdmInputStream;
import io.ardm.ArdmModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ardm-spark decompress}: the blobs of a compress job back to their records, checked by CRC and optionally against the originals. */
@Command(name = "decompress", mixinStandardHelpOptions = true,
        description = {"Decompress the blobs of `ardm-spark compress` (each is checked against its CRC).",
                "%nWrites Parquet: index, id, data, error. A corrupt or truncated blob, or one from a model that is not there, gets a "
                        + "one-line error; the job goes on and counts them. --verify SOURCE also compares every record with the "
                        + "original of the same id (read with --format/--field/--column/--id)."})
final class DecompressJob implements Callable<Integer> {
    static final StructType SCHEMA = new StructType()
            .add(Records.INDEX, DataTypes.LongType, false)
            .add(Records.ID, DataTypes.StringType, false)
            .add(Records.DATA, DataTypes.BinaryType, true)
            .add("error", DataTypes.StringType, true);

    @Parameters(index = "0", paramLabel = "INPUT", description = "The Parquet output of ardm-spark compress (id and blob columns).")
    String input;

    @Parameters(index = "1", paramLabel = "OUTPUT", description = "Parquet folder to write (must not exist).")
    String output;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME|CHECKPOINT",
            description = "The model the blobs were coded with. Default: the bundled model each blob's header names.")
    String model;

    @Option(names = "--verify", paramLabel = "SOURCE", description = "The original records: every decompressed record must equal its original.")
    String verify;

    @Mixin RecordOptions records;
    @Mixin SparkOptions spark;

    @Override
    public Integer call() {
        Jobs.requireNew(output);
        if (model != null) Jobs.model(model);
        SparkSession session = spark.session("decompress");
        long started = System.nanoTime();
        Dataset<Row> blobs = session.read().parquet(input);
        for (String column : new String[] {Records.INDEX, Records.ID, "blob"}) {
            if (!Arrays.asList(blobs.columns()).contains(column)) {
                throw new IllegalArgumentException(input + " has no column '" + column + "': is it the output of ardm-spark compress?");
            }
        }
        Dataset<Row> decoded = blobs.select(Records.INDEX, Records.ID, "blob").mapPartitions(decompressor(model), Encoders.row(SCHEMA));
        if (verify != null) decoded = verified(decoded, Records.read(session, verify, records, null));
        decoded.write().parquet(output);
        long[] totals = Jobs.totals(session.read().parquet(output));
        long ok = totals[0];
        long bad = totals[1];
        System.out.printf("%s: %,d records decompressed%s, %,d records with errors; %.1f s%n", output, ok,
                verify != null ? " and equal to their originals" : "", bad, (System.nanoTime() - started) / 1e9);
        return 0;
    }

    static MapPartitionsFunction<Row, Row> decompressor(String model) {
        return rows -> {
            ArdmModel m = model == null ? null : Jobs.model(model);
            return Jobs.mapEach(rows, r -> Jobs.onTaskCores(() -> decompress(r, m)));
        };
    }

    private static Row decompress(Row r, ArdmModel m) {
        long index = r.getLong(0);
        String id = r.getString(1);
        if (r.isNullAt(2)) return RowFactory.create(index, id, null, "no blob (the compress job failed on this record)");
        byte[] blob = (byte[]) r.get(2);
        try {
            byte[] data = m != null ? m.decompress(blob) : new ArdmInputStream(new ByteArrayInputStream(blob)).readAllBytes();
            return RowFactory.create(index, id, data, null);
        } catch (IOException | RuntimeException e) {
            return RowFactory.create(index, id, null, Jobs.oneLine(e));
        }
    }

    /** The decoded records with an error wherever a record differs from (or has no) original of the same id. */
    private static Dataset<Row> verified(Dataset<Row> decoded, Dataset<Row> originals) {
        Dataset<Row> joined = decoded.join(originals.select(col(Records.ID), col(Records.DATA).as("original")), decoded.col(Records.ID)
                .equalTo(originals.col(Records.ID)), "left_outer").select(decoded.col(Records.INDEX), decoded.col(Records.ID),
                decoded.col(Records.DATA), decoded.col("error"), col("original"));
        return joined.map((org.apache.spark.api.java.function.MapFunction<Row, Row>) r -> {
            if (!r.isNullAt(3)) return RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(3));
            byte[] data = (byte[]) r.get(2);
            byte[] original = r.isNullAt(4) ? null : (byte[]) r.get(4);
            String error = original == null ? "no original with this id" : Arrays.equals(data, original) ? null : "differs from the original";
            return RowFactory.create(r.get(0), r.get(1), r.get(2), error);
        }, Encoders.row(SCHEMA)).orderBy(Records.INDEX);
    }
}
