package io.ardm.spark;

import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Where a job runs: the given master, spark-submit's, or this machine's cores. */
final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (local[4], spark://HOST:7077, yarn, ...). Default: what spark-submit set, else local[*].")
    String master;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Spread the records over N tasks (default: as many as the input is read in).")
    Integer partitions;

    /** The running session, or a new one named after the job. */
    SparkSession session(String job) {
        SparkSession.Builder builder = SparkSession.builder().appName("ardm-spark " + job);
        if (master != null) {
            builder.master(master);
        } else if (System.getProperty("spark.master") == null) {
            builder.master("local[*]").config("spark.ui.enabled", "false");
        }
        return builder.getOrCreate();
    }
}
