package org.capif.cli;

/** A failure the CLI reports in one readable message and maps to an exit code scripts can test. */
public final class CliException extends RuntimeException {

    /** Wrong or missing options. */
    public static final int USAGE = 2;
    /** The request was refused by the service (4xx). */
    public static final int REJECTED = 3;
    /** The service failed or is unavailable (5xx). */
    public static final int SERVER_ERROR = 4;
    /** No connection, or TLS failed. */
    public static final int UNREACHABLE = 5;
    /** A local file or setting is missing or unusable. */
    public static final int LOCAL = 6;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
