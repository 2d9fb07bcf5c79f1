package io.ardm.spark;

import picocli.CommandLine.Option;

/** How to read records: the format of the input, and which field or column holds the data and the id. */
final class RecordOptions {
    @Option(names = "--format", paramLabel = "FORMAT",
            description = "files (every file of a folder, recursively, one record each, in path order), jsonl (JSON Lines) or "
                    + "parquet. Default: parquet for a .parquet path or a folder of Parquet parts, jsonl for .jsonl or .json, "
                    + "files for any other folder.")
    Records.Format format;

    @Option(names = "--field", defaultValue = "text", paramLabel = "NAME",
            description = "JSON Lines: the field holding each record's text (coded as UTF-8). Default: ${DEFAULT-VALUE}.")
    String field = "text";

    @Option(names = "--column", defaultValue = "data", paramLabel = "NAME",
            description = "Parquet: the string (UTF-8) or binary column holding each record. Default: ${DEFAULT-VALUE}.")
    String column = "data";

    @Option(names = "--id", paramLabel = "NAME",
            description = "JSON Lines or Parquet: a field naming each record (default: its position, from 0). Files are named by path.")
    String id;
}
