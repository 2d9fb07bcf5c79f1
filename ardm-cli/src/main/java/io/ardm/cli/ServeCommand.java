package io.ardm.cli;

import io.ardm.serve.ArdmServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ardm serve}: the web page and JSON API on this machine. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a web page (and its JSON API) to watch generation step by step, fill in blanks, score text "
                + "with a per-position heat map, compress and decompress files, and see a model's loss components with "
                + "its DP policy. The page needs no network; the README lists the API with curl examples.",
                "%nListens on 127.0.0.1 unless --host says otherwise (the page has no login: bind to other interfaces only "
                        + "on a network you trust). Ctrl-C stops it."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to listen on. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (0: any free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = "A model to serve: a bundled name or a checkpoint path; repeat for several. Default: every bundled model.")
    List<String> models = new ArrayList<>();

    @Option(names = "--upload-limit", defaultValue = "1048576", paramLabel = "BYTES",
            description = "Largest request body; larger ones get 413. Default: ${DEFAULT-VALUE} (1 MiB).")
    long uploadLimit;

    @Option(names = "--workers", defaultValue = "2", description = "Requests computed at once. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--queue", defaultValue = "16",
            description = "Requests that may wait for a worker; beyond that the answer is 503 with Retry-After. Default: ${DEFAULT-VALUE}.")
    int queue;

    @Override
    public Integer call() throws Exception {
        ArdmServer server = ArdmServer.start(new ArdmServer.Options(host, port, models, uploadLimit, workers, queue), System.err);
        String shown = host.contains(":") ? "[" + host + "]" : host;
        System.out.println("ardm serve: http://" + shown + ":" + server.port() + "/ (Ctrl-C stops)");
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
