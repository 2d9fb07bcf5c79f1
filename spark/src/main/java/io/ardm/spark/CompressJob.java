package io.ardm.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.ardm.ArdmModel;
import java.util.HexFormat;
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

/** {@code ardm-spark compress}: every record to a complete .ardm file, the bytes {@code ardm compress -m MODEL} writes for it. */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = {"Compress every record on its own into a complete .ardm file (the bytes `ardm compress -m MODEL` writes for it).",
                "%nWrites Parquet: index, id, original_length, model, fingerprint, blob, bits_per_symbol, seconds, error. A record the "
                        + "model cannot code (empty, or a symbol outside a text8 model's alphabet) gets a one-line error and no blob; "
                        + "the job goes on and counts them. A retried task writes the same bytes."})
final class CompressJob implements Callable<Integer> {
    static final StructType SCHEMA = new StructType()
            .add(Records.INDEX, DataTypes.LongType, false)
            .add(Records.ID, DataTypes.StringType, false)
            .add("original_length", DataTypes.LongType, true)
            .add("model", DataTypes.StringType, false)
            .add("fingerprint", DataTypes.StringType, false)
            .add("blob", DataTypes.BinaryType, true)
            .add("bits_per_symbol", DataTypes.DoubleType, true)
            .add("seconds", DataTypes.DoubleType, false)
            .add("error", DataTypes.StringType, true);

    @Parameters(index = "0", paramLabel = "INPUT", description = "Records: a folder of files, a JSON Lines file or Parquet.")
    String input;

    @Parameters(index = "1", paramLabel = "OUTPUT", description = "Parquet folder to write (must not exist).")
    String output;

    @Option(names = {"-m", "--model"}, defaultValue = io.ardm.Ardm.DEFAULT_BYTES_MODEL, paramLabel = "NAME|CHECKPOINT",
            description = "A bundled model or a checkpoint every executor can read. Default: ${DEFAULT-VALUE} (any bytes).")
    String model;

    @Option(names = {"-b", "--budget"}, paramLabel = "CALLS",
            description = "Network calls per segment for an order-agnostic model (default: the model's, as ardm compress).")
    Integer budget;

    @Mixin RecordOptions records;
    @Mixin SparkOptions spark;

    @Override
    public Integer call() {
        Jobs.requireNew(output);
        ArdmModel m = Jobs.model(model); // fails here, once, for a missing model or a bad budget
        int calls = budget != null ? budget : m.defaultBudget();
        m.policies(calls);
        SparkSession session = spark.session("compress");
        long started = System.nanoTime();
        Totals t = compress(session, input, records, spark.partitions, model, calls, output);
        System.out.printf("%s: %,d records compressed with %s (%,d → %,d bytes, %.3f bits per input byte), %,d records with errors; %.1f s%n",
                output, t.ok(), m.name(), t.in(), t.out(), t.in() == 0 ? 0 : 8.0 * t.out() / t.in(), t.bad(), (System.nanoTime() - started) / 1e9);
        return 0;
    }

    /** What a compress job wrote: records coded and failed, bytes in (of the coded ones) and out. */
    record Totals(long ok, long bad, long in, long out) {}

    static Totals compress(SparkSession session, String input, RecordOptions records, Integer partitions, String model, int budget,
                           String output) {
        Records.read(session, input, records, partitions).mapPartitions(compressor(model, budget), Encoders.row(SCHEMA)).write().parquet(output);
        long[] t = Jobs.totals(session.read().parquet(output), sum(when(col("error").isNull(), col("original_length"))), sum(length(col("blob"))));
        return new Totals(t[0], t[1], t[2], t[3]);
    }

    /** Codes a partition's records one by one with the executor's copy of the model. */
    static MapPartitionsFunction<Row, Row> compressor(String model, int budget) {
        return rows -> {
            TaskFaults.maybeFail();
            ArdmModel m = Jobs.model(model);
            String fingerprint = HexFormat.of().formatHex(m.fingerprint());
            return Jobs.mapEach(rows, r -> Jobs.onTaskCores(() -> compress(r, m, fingerprint, budget)));
        };
    }

    private static Row compress(Row record, ArdmModel m, String fingerprint, int budget) {
        long started = System.nanoTime();
        long index = record.getLong(0);
        String id = record.getString(1);
        byte[] data = record.isNullAt(2) ? null : (byte[]) record.get(2);
        if (data == null || data.length == 0) {
            return RowFactory.create(index, id, data == null ? null : 0L, m.name(), fingerprint, null, null, seconds(started), "empty record");
        }
        try {
            byte[] blob = m.compress(data, budget);
            int symbols = m.loaded().modality().toSymbols(data).length;
            return RowFactory.create(index, id, (long) data.length, m.name(), fingerprint, blob, 8.0 * blob.length / symbols, seconds(started), null);
        } catch (RuntimeException e) {
            return RowFactory.create(index, id, (long) data.length, m.name(), fingerprint, null, null, seconds(started), Jobs.oneLine(e));
        }
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
