package io.ardm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ardm} command line. */
@Command(name = "ardm", mixinStandardHelpOptions = true, version = "ardm 0.1.0",
        description = "Autoregressive Diffusion Models: train, evaluate, sample, compress.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
