package io.ardm.serve;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * Whether the client of a plain (not streamed) request has gone away while its answer is computed. An HTTP/1.x
 * server does not read a connection while a handler runs, so it would learn of a closed client only when it writes
 * the answer. This asks the connection itself, at most every {@value #RECHECK_MS} ms: a non-blocking read of one
 * byte returns end-of-stream once the client has closed (or fails once it has reset). A byte that arrives instead
 * is a request pipelined behind this one, and cannot be put back: the watch stops reading and the answer closes the
 * connection ({@link #closeIfReadAhead}), which a pipelining client answers by sending that request again. HTTP/2
 * connections carry many requests and are never read here.
 */
final class ClientWatch implements BooleanSupplier {
    static final long RECHECK_MS = 100;

    private final EndPoint connection; // null: cannot be watched; never gone
    private long checkedAt;
    private boolean gone;
    private boolean readAhead;

    private ClientWatch(EndPoint connection) {
        this.connection = connection;
        this.checkedAt = System.nanoTime() / 1_000_000 - RECHECK_MS;
    }

    static ClientWatch of(Context ctx) {
        EndPoint endPoint = null;
        if (ctx.req().getProtocol().startsWith("HTTP/1.")) {
            ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
            if (request != null) endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        }
        return new ClientWatch(endPoint);
    }

    /** Asked before every network call, possibly from several coding threads at once. */
    @Override
    public synchronized boolean getAsBoolean() {
        long now = System.nanoTime() / 1_000_000;
        if (connection == null || gone || readAhead || now - checkedAt < RECHECK_MS) return gone;
        checkedAt = now;
        try {
            int read = connection.fill(ByteBuffer.allocate(1).flip());
            if (read < 0) gone = true;
            if (read > 0) readAhead = true;
        } catch (IOException e) {
            gone = true; // reset by the peer
        }
        return gone;
    }

    /** After the answer is computed: a pipelined request's first byte was read, so this answer ends the connection. */
    synchronized void closeIfReadAhead(Context ctx) {
        if (readAhead) ctx.header("Connection", "close");
    }
}
