package io.ardm.spark;

import io.ardm.ArdmModel;
import io.ardm.ardm.Likelihood;
import io.ardm.ardm.StagePolicies;
import io.ardm.run.Evaluation;
import io.ardm.run.LoadedModel;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ardm-spark eval}: a model's test ELBO (exact NLL for a left-to-right model) over a corpus of records, the same
 * figure to the bit as {@code ardm eval} on one machine for the same segments, passes and seed.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"A model's ELBO (± standard error) over a corpus of records; the exact NLL for a left-to-right model.",
                "%nEach record is cut into whole segments of the model's D symbols (the rest of a record is left out and counted). "
                        + "Segments are numbered in record order, and each term's order and step depend on the seed, the pass and "
                        + "that number only; terms are summed exactly. So the figure equals, to the bit, `ardm eval` over the same "
                        + "segments with the same --passes and --seed, however the records are spread over tasks."})
final class EvalJob implements Callable<Integer> {
    static final StructType PER_RECORD = new StructType()
            .add(Records.INDEX, DataTypes.LongType, false)
            .add(Records.ID, DataTypes.StringType, false)
            .add("segments", DataTypes.LongType, false)
            .add("bits_per_symbol", DataTypes.DoubleType, true)
            .add("error", DataTypes.StringType, true);

    @Parameters(index = "0", paramLabel = "INPUT", description = "Records: a folder of files, a JSON Lines file or Parquet.")
    String input;

    @Option(names = {"-m", "--model"}, defaultValue = "text8-oa", paramLabel = "NAME|CHECKPOINT",
            description = "A bundled model or a checkpoint every executor can read. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--passes", defaultValue = "4", description = "ELBO terms per segment (as ardm eval). Default: ${DEFAULT-VALUE}.")
    int passes;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the orders and steps (as ardm eval). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--output", paramLabel = "DIR", description = "Also write each record's bits per symbol as Parquet (index, id, segments, bits_per_symbol, error).")
    String output;

    @Mixin RecordOptions records;
    @Mixin SparkOptions spark;

    /** The estimate with what was left out. */
    record Result(Likelihood.Estimate estimate, long records, long badRecords, long segments, long symbolsLeftOut) {}

    @Override
    public Integer call() {
        if (output != null) Jobs.requireNew(output);
        if (passes < 1) throw new IllegalArgumentException("--passes must be at least 1, got " + passes);
        LoadedModel m = Jobs.model(model).loaded();
        SparkSession session = spark.session("eval");
        long started = System.nanoTime();
        Result r = evaluate(session, Records.read(session, input, records, spark.partitions), model, passes, seed, output);
        Likelihood.Estimate e = r.estimate();
        System.out.printf("%,d segments of %d %ss from %,d records%s: %s %.4f ± %.4f %s (%s)%n", r.segments(), m.length(),
                m.modality().symbolName(), r.records(), r.symbolsLeftOut() > 0 ? String.format(" (%,d %ss after the last whole segments left out)",
                        r.symbolsLeftOut(), m.modality().symbolName()) : "",
                m.leftToRight() ? "exact NLL" : "ELBO over " + passes + " passes", e.bitsPerDim(), e.standardError(), m.modality().bitsUnit(),
                String.format("%,d records with errors; %.1f s", r.badRecords(), (System.nanoTime() - started) / 1e9));
        return 0;
    }

    static Result evaluate(SparkSession session, Dataset<Row> records, String model, int passes, long seed, String output) {
        JavaRDD<Row> rows = records.javaRDD().persist(StorageLevel.MEMORY_AND_DISK());
        // First the segments per partition, so that every partition knows the number of its first segment.
        List<long[]> counts = rows.mapPartitionsWithIndex((partition, it) -> {
            LoadedModel m = Jobs.model(model).loaded();
            long segments = 0;
            while (it.hasNext()) segments += Scored.segments(it.next(), m);
            return List.of(new long[] {partition, segments}).iterator();
        }, true).collect();
        long[] first = new long[counts.size()];
        long running = 0;
        for (long[] c : counts.stream().sorted((a, b) -> Long.compare(a[0], b[0])).toList()) {
            first[(int) c[0]] = running;
            running += c[1];
        }
        JavaRDD<Scored> scored = rows.mapPartitionsWithIndex((partition, it) -> score(it, model, passes, seed, first[partition]), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        Totals totals = scored.aggregate(new Totals(), Totals::add, Totals::merge);
        if (output != null) {
            session.createDataFrame(scored.map(Scored::row), PER_RECORD).orderBy(Records.INDEX).write().parquet(output);
        }
        scored.unpersist();
        rows.unpersist();
        return new Result(totals.sum.estimate(), totals.records, totals.bad, totals.segments, totals.leftOut);
    }

    private static Iterator<Scored> score(Iterator<Row> it, String model, int passes, long seed, long firstSegment) {
        LoadedModel m = Jobs.model(model).loaded();
        int d = m.length();
        StagePolicies sequential = StagePolicies.sequential(m.process().stages(), d);
        long[] next = {firstSegment};
        return Jobs.mapEach(it, r -> Jobs.onTaskCores(() -> {
            try {
                int[] symbols = Scored.symbols(r, m);
                int n = symbols.length / d;
                int[] x = Arrays.copyOf(symbols, n * d);
                double[] terms = n == 0 ? new double[0] : m.leftToRight()
                        ? Evaluation.samples(m.network(), m.config().objective(), x, 16, new SplittableRandom(seed))
                        : Likelihood.stochasticElboSamples(m.network(), m.process(), x, n, sequential, passes, 16, seed, next[0]);
                next[0] += n;
                return new Scored(r.getLong(0), r.getString(1), n, symbols.length - n * d, terms, null);
            } catch (RuntimeException e) {
                return new Scored(r.getLong(0), r.getString(1), 0, 0, new double[0], Jobs.oneLine(e));
            }
        }));
    }

    /** One record's terms (pass-major over its segments), or why it has none. */
    record Scored(long index, String id, long segments, long leftOut, double[] terms, String error) implements Serializable {
        /** The record's symbols; a record the model's modality cannot read throws (its error goes to the record). */
        static int[] symbols(Row r, LoadedModel m) {
            if (r.isNullAt(2) || ((byte[]) r.get(2)).length == 0) throw new IllegalArgumentException("empty record");
            return m.modality().toSymbols((byte[]) r.get(2));
        }

        /** Whole segments in a record; none in a record the modality cannot read. */
        static long segments(Row r, LoadedModel m) {
            try {
                return symbols(r, m).length / m.length();
            } catch (RuntimeException e) {
                return 0;
            }
        }

        Row row() {
            return RowFactory.create(index, id, segments, terms.length == 0 ? null : Likelihood.Estimate.of(terms).bitsPerDim(), error);
        }
    }

    /** Exact sums of the terms and the counts of what was scored, merged across partitions in any order. */
    static final class Totals implements Serializable {
        final Likelihood.Estimate.Sum sum = new Likelihood.Estimate.Sum();
        long records;
        long bad;
        long segments;
        long leftOut;

        Totals add(Scored s) {
            records++;
            if (s.error() != null) bad++;
            segments += s.segments();
            leftOut += s.leftOut();
            for (double t : s.terms()) sum.add(t);
            return this;
        }

        Totals merge(Totals other) {
            sum.merge(other.sum);
            records += other.records;
            bad += other.bad;
            segments += other.segments;
            leftOut += other.leftOut;
            return this;
        }
    }
}
