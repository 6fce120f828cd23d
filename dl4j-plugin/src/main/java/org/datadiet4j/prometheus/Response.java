package org.datadiet4j.prometheus;

import java.nio.charset.StandardCharsets;

/** An HTTP/1.1 answer of the scrape server: status, content type and body; HEAD answers carry no body. */
record Response(int status, String reason, String contentType, byte[] body, boolean headOnly) {

    /** A plain-text answer (an error), the text followed by a newline. */
    static Response text(int status, String reason, String text) {
        return new Response(status, reason, "text/plain; charset=utf-8",
                (text + "\n").getBytes(StandardCharsets.UTF_8), false);
    }

    /** The status line, headers and body as sent; {@code close} announces that the connection closes after it. */
    byte[] encode(boolean close) {
        StringBuilder headers = new StringBuilder().append("HTTP/1.1 ").append(status).append(' ').append(reason)
                .append("\r\nContent-Type: ").append(contentType)
                .append("\r\nContent-Length: ").append(body.length).append("\r\n");
        if (status == 405) {
            headers.append("Allow: GET, HEAD\r\n");
        }
        headers.append(close ? "Connection: close\r\n\r\n" : "\r\n");
        byte[] top = headers.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] sent = headOnly ? new byte[0] : body;
        byte[] all = new byte[top.length + sent.length];
        System.arraycopy(top, 0, all, 0, top.length);
        System.arraycopy(sent, 0, all, top.length, sent.length);
        return all;
    }
}
