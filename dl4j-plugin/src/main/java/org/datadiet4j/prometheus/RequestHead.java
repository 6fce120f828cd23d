package org.datadiet4j.prometheus;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The head of one HTTP/1.x request (request line and the headers a scrape endpoint acts on), parsed
 * from the bytes before the blank line that ends it. Lines may end in CRLF or a bare LF (RFC 9112
 * allows both).
 *
 * @param method  the request method, e.g. {@code GET}
 * @param path    the request target without its query
 * @param keepAlive whether the connection stays open after the response: HTTP/1.1 without
 *                {@code Connection: close} (an HTTP/1.0 client gets one response per connection)
 * @param hasBody whether a body follows (a non-zero {@code Content-Length} or a
 *                {@code Transfer-Encoding}), which this endpoint never reads
 */
record RequestHead(String method, String path, boolean keepAlive, boolean hasBody) {

    /**
     * The length of the head at the start of {@code bytes[0, length)}, blank line included, or -1 while
     * the blank line has not arrived.
     */
    static int headLength(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                if (i + 1 < length && bytes[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < length && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** Parses a head of {@link #headLength} bytes; null when it is not an HTTP/1.x request. */
    static RequestHead parse(byte[] bytes, int headLength) {
        String[] lines = new String(bytes, 0, headLength, StandardCharsets.ISO_8859_1).split("\r?\n");
        String[] request = lines[0].split(" ");
        if (request.length != 3 || request[0].isEmpty() || !request[1].startsWith("/")
                || !(request[2].equals("HTTP/1.1") || request[2].equals("HTTP/1.0"))) {
            return null;
        }
        String connection = "";
        boolean hasBody = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                if (lines[i].isEmpty()) {
                    continue;
                }
                return null;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "connection" -> connection = value;
                case "transfer-encoding" -> hasBody = true;
                case "content-length" -> hasBody |= !value.equals("0");
                default -> {
                }
            }
        }
        boolean keepAlive = request[2].equals("HTTP/1.1") && !connection.contains("close");
        int query = request[1].indexOf('?');
        return new RequestHead(request[0], query < 0 ? request[1] : request[1].substring(0, query), keepAlive, hasBody);
    }
}
