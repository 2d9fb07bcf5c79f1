package io.ardm;

/**
 * A failure of the ardm library that the caller did not cause with a bad argument: a model that is missing, corrupt
 * or of the wrong kind, or a JVM started without the Vector API. Its message is one line that says what to do.
 */
public class ArdmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a one-line message.
     *
     * @param message what went wrong, in one line
     */
    public ArdmException(String message) {
        super(message);
    }

    /**
     * An exception with a one-line message and the failure beneath it.
     *
     * @param message what went wrong, in one line
     * @param cause   the failure that caused it
     */
    public ArdmException(String message, Throwable cause) {
        super(message, cause);
    }
}
