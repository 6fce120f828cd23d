package org.datadiet4j.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Request heads written by hand, in the escapes of a CSV cell: \r and \n stand for CR and LF. Head
 * lengths counted by hand: request line 21 + CRLF, "Host: a" 7 + CRLF, blank line 2 (34); with bare LFs
 * 22 + 8 + 1 (31).
 */
class RequestHeadTest {

    private static byte[] bytes(String escaped) {
        return escaped.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET /metrics HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n                            | 34",
            "GET /metrics HTTP/1.1\\nHost: a\\n\\nGET / HTTP/1.1\\n\\n                  | 31",
            "GET /metrics HTTP/1.1\\r\\nHost: a\\r\\n                                  | -1",
            "GET /metrics HTTP/1.1\\r\\nHost: a\\r\\n\\r                                | -1"})
    void theHeadEndsAtTheFirstBlankLine(String head, int length) {
        byte[] bytes = bytes(head.strip());
        assertThat(RequestHead.headLength(bytes, bytes.length)).isEqualTo(length);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "GET /metrics HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n                         | GET  | /metrics | true  | false",
            "HEAD /metrics?name[]=x HTTP/1.1\\n\\n                                 | HEAD | /metrics | true  | false",
            "GET /metrics HTTP/1.1\\r\\nConnection: Close\\r\\n\\r\\n               | GET  | /metrics | false | false",
            "GET /metrics HTTP/1.0\\r\\n\\r\\n                                      | GET  | /metrics | false | false",
            "POST /metrics HTTP/1.1\\r\\nContent-Length: 5\\r\\n\\r\\n             | POST | /metrics | true  | true",
            "POST /metrics HTTP/1.1\\r\\ncontent-length: 0\\r\\n\\r\\n             | POST | /metrics | true  | false",
            "POST /metrics HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n    | POST | /metrics | true  | true",
            "GET /metrics HTTP/2.0\\r\\n\\r\\n                                      | null | null     | false | false",
            "GET metrics HTTP/1.1\\r\\n\\r\\n                                       | null | null     | false | false",
            "GET /metrics HTTP/1.1\\r\\nno colon here\\r\\n\\r\\n                   | null | null     | false | false",
            "HELLO\\r\\n\\r\\n                                                      | null | null     | false | false"})
    void parsesWhatAScrapeEndpointActsOn(String head, String method, String path, boolean keepAlive, boolean hasBody) {
        byte[] bytes = bytes(head.strip());
        RequestHead parsed = RequestHead.parse(bytes, RequestHead.headLength(bytes, bytes.length));
        if (method == null) {
            assertThat(parsed).isNull();
        } else {
            assertThat(parsed).isEqualTo(new RequestHead(method, path, keepAlive, hasBody));
        }
    }
}
