package io.ardm.cli;

/** Whether progress bars make sense: only when a person watches a terminal (in scripts and logs they are noise). */
final class Terminal {
    private Terminal() {}

    static boolean interactive() {
        return System.console() != null && System.console().isTerminal();
    }
}
