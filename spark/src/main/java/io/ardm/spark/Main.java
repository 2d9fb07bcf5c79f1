package io.ardm.spark;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ardm-spark}: the command line's compress, decompress and eval as Spark jobs over record collections. */
@Command(name = "ardm-spark", mixinStandardHelpOptions = true, subcommands = {CompressJob.class, DecompressJob.class, EvalJob.class, TrainJob.class, BenchJob.class},
        description = {"ardm's models over corpora beyond one machine, as Apache Spark jobs: the same models, the same .ardm bytes.",
                "%nRecords come from a folder of files, JSON Lines with a text field, or Parquet with a string or binary column. "
                        + "Without --master (or spark-submit's) the jobs run on local[*]."})
public final class Main implements Callable<Integer> {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with one-line errors: a user mistake or a bad input never shows a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("ardm-spark " + line.getCommandName() + ": " + Jobs.oneLine(e));
            line.getErr().flush();
            return 1;
        });
        return cl;
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }
}
