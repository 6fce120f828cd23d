package org.datadiet4j.datasets;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One cell of a CSV row, character by character, and its value. A plain integer (an optional leading
 * {@code -} and at most 18 digits, nothing else) is converted without {@code Float.parseFloat}: a long's
 * conversion to float rounds to nearest, so it is the same float. Any other cell (a decimal point, an
 * exponent, spaces) takes {@link CsvReader}'s path, which gives the in-memory reader's value and message.
 */
final class CsvCell {

    private static final int PLAIN_DIGITS = 18;

    private char[] chars = new char[32];
    private int length;
    private long integer;
    private int digits;
    private boolean negative;
    private boolean plain;

    /** Empties the cell for the next one. */
    void clear() {
        length = 0;
        integer = 0;
        digits = 0;
        negative = false;
        plain = true;
    }

    /** Adds a character of the cell (not a separator, carriage return or quote). */
    void append(char c) {
        if (length == chars.length) {
            chars = Arrays.copyOf(chars, 2 * length);
        }
        chars[length++] = c;
        if (c >= '0' && c <= '9' && digits < PLAIN_DIGITS) {
            integer = integer * 10 + (c - '0');
            digits++;
        } else if (c == '-' && length == 1) {
            negative = true;
        } else {
            // spaces around a number are Float.parseFloat's to trim, inside one its to refuse
            plain = false;
        }
    }

    private boolean integral() {
        return plain && digits > 0;
    }

    /** The cell as a feature: a finite float, or an error naming the file, line and column. */
    float number(Path file, long line, int column) {
        if (integral()) {
            return negative ? -(float) integer : (float) integer;
        }
        return CsvReader.number(text(), file, line, column);
    }

    /** The cell as a class index below {@code classes} (0: no bound), or an error naming the file, line and column. */
    int label(Path file, long line, int column, int classes) {
        if (integral() && !negative && integer <= Integer.MAX_VALUE && (classes == 0 || integer < classes)) {
            return (int) integer;
        }
        return CsvReader.label(text(), file, line, column, classes);
    }

    private String text() {
        return new String(chars, 0, length);
    }
}
