package org.datadiet4j.io;

/**
 * Input given by the user is wrong (a missing file, a malformed cell, an option out of range).
 * The message is one sentence that says what is wrong, where (file and line when there is one),
 * and how to fix it; the command line prints it alone and exits with status 2.
 */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
