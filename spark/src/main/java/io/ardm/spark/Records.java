package io.ardm.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A collection of records as the jobs read it: (index, id, data). The index is the record's position in the input
 * (files in path order; lines and rows in file order, files in path order), the order in which eval numbers segments.
 */
final class Records {
    static final String INDEX = "index";
    static final String ID = "id";
    static final String DATA = "data";
    static final StructType SCHEMA = new StructType()
            .add(INDEX, DataTypes.LongType, false)
            .add(ID, DataTypes.StringType, false)
            .add(DATA, DataTypes.BinaryType, true);

    enum Format { files, jsonl, parquet }

    private Records() {}

    static Dataset<Row> read(SparkSession spark, String input, RecordOptions options, Integer partitions) {
        Format format = options.format != null ? options.format : detect(input);
        Dataset<Row> raw = switch (format) {
            case files -> spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(input)
                    .select(col("path").as(ID), col("content").as(DATA)).orderBy(ID);
            case jsonl -> dataAndId(spark.read().json(input), input, options.field, options.id, "field", "--field");
            case parquet -> dataAndId(spark.read().parquet(input), input, options.column, options.id, "column", "--column");
        };
        // Positions in read order: zipWithIndex numbers the partitions' rows in partition order.
        JavaRDD<Row> indexed = raw.javaRDD().zipWithIndex().map(t -> {
            Row r = t._1();
            long index = t._2();
            return RowFactory.create(index, r.isNullAt(0) ? Long.toString(index) : r.getString(0), r.isNullAt(1) ? null : (byte[]) r.get(1));
        });
        Dataset<Row> records = spark.createDataFrame(indexed, SCHEMA);
        return partitions == null ? records : records.repartitionByRange(partitions, col(INDEX)).sortWithinPartitions(INDEX);
    }

    /** The data column as bytes (strings as UTF-8) and the id column as a string, or a one-line error naming what is there. */
    private static Dataset<Row> dataAndId(Dataset<Row> table, String input, String data, String id, String what, String option) {
        StructType schema = table.schema();
        if (!Arrays.asList(schema.fieldNames()).contains(data)) {
            throw new IllegalArgumentException(input + " has no " + what + " '" + data + "' (it has " + String.join(", ", schema.fieldNames())
                    + "); name one with " + option);
        }
        if (id != null && !Arrays.asList(schema.fieldNames()).contains(id)) {
            throw new IllegalArgumentException(input + " has no " + what + " '" + id + "' for --id (it has " + String.join(", ", schema.fieldNames()) + ")");
        }
        DataType type = schema.apply(data).dataType();
        Column bytes;
        if (type.equals(DataTypes.BinaryType)) {
            bytes = col(data);
        } else if (type.equals(DataTypes.StringType)) {
            bytes = col(data).cast(DataTypes.BinaryType);
        } else {
            throw new IllegalArgumentException(input + ": " + what + " '" + data + "' holds " + type.simpleString() + ", not text or bytes");
        }
        Column name = id == null ? lit(null).cast(DataTypes.StringType) : col(id).cast(DataTypes.StringType);
        // Spark packs a table's file splits into tasks largest first, so rows come in no file order: sort them back
        // (by file, split, and position within the split's task, which rises with the rows of a split).
        return table.select(name.as(ID), bytes.as(DATA), col("_metadata.file_path").as("file"), col("_metadata.file_block_start").as("split"),
                        monotonically_increasing_id().as("position"))
                .orderBy("file", "split", "position").select(ID, DATA);
    }

    /** parquet for a .parquet path or a folder of Parquet parts, jsonl for .jsonl/.json, files for another folder. */
    static Format detect(String input) {
        String lower = input.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".parquet")) return Format.parquet;
        if (lower.endsWith(".jsonl") || lower.endsWith(".json")) return Format.jsonl;
        Path path = Path.of(input);
        if (Files.isDirectory(path)) {
            try (Stream<Path> entries = Files.list(path)) {
                if (entries.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"))) return Format.parquet;
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot list " + input + ": " + e.getMessage());
            }
            return Format.files;
        }
        if (input.contains("://")) {
            throw new IllegalArgumentException("cannot tell the format of " + input + ": give --format files, jsonl or parquet");
        }
        throw new IllegalArgumentException(input + " does not exist");
    }
}
