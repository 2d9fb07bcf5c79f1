package io.ardm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ardm} command line. */
@Command(name = "ardm", mixinStandardHelpOptions = true, version = "ardm 0.1.0",
        description = {"Autoregressive Diffusion Models (Hoogeboom et al., ICLR 2022) in pure Java: train order-agnostic "
                + "models, report exact likelihoods in bits per dimension, generate in any order and in parallel under any "
                + "step budget, and compress losslessly with rANS.", "%nStart with `ardm demo`; every command has --help."},
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, TrainCommand.class, EvalCommand.class,
                CompareCommand.class, SampleCommand.class, InfillCommand.class, UpscaleCommand.class, ScheduleCommand.class, ComponentsCommand.class, CodingOrderCommand.class, CompressCommand.Compress.class,
                CompressCommand.Decompress.class, ModelsCommand.class, ServeCommand.class, ExportCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Stdout.install();
        CommandLine cl = commandLine();
        int exit;
        try {
            exit = cl.execute(args);
        } catch (OutOfMemoryError e) { // an Error, so picocli's handler below does not see it
            System.err.println(prefix(cl) + ErrorMessages.of(e));
            System.exit(1);
            return;
        }
        try {
            Stdout.check();
        } catch (java.io.IOException e) {
            System.err.println(prefix(cl) + e.getMessage());
            exit = exit == 0 ? 1 : exit;
        }
        System.exit(exit);
    }

    /** "ardm COMMAND: ", as every error line starts. */
    private static String prefix(CommandLine cl) {
        CommandLine.ParseResult parsed = cl.getParseResult();
        return "ardm" + (parsed != null && parsed.subcommand() != null ? " " + parsed.subcommand().commandSpec().name() : "") + ": ";
    }

    /** The configured command line (tests drive it in-process). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::reportError);
        return cl;
    }

    /** Bad input is the user's problem to fix, so it gets one line; ARDM_DEBUG=1 shows the stack trace. */
    private static int reportError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        cl.getErr().println("ardm " + cl.getCommandName() + ": " + ErrorMessages.of(e));
        if (System.getenv("ARDM_DEBUG") != null) e.printStackTrace(cl.getErr());
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
