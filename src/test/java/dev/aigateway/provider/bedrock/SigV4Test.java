package dev.aigateway.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The signer against AWS's published Signature Version 4 test suite ({@code src/test/resources/sigv4/}, see its
 * NOTICE): each case's request signed with the suite's credentials and date gives the suite's {@code Authorization}
 * value, and, where the suite publishes them, its canonical request and string to sign.
 */
class SigV4Test {

    private static final SigV4.Keys SUITE_KEYS =
            new SigV4.Keys("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

    /** A suite request: first line {@code METHOD /path?query HTTP/1.1}, headers {@code Name:value}, blank, body. */
    record SuiteRequest(
            String method, String path, String query, List<Map.Entry<String, String>> headers, byte[] body) {

        static SuiteRequest parse(String text) {
            String head = text;
            String body = "";
            int blank = text.indexOf("\n\n");
            if (blank >= 0) {
                head = text.substring(0, blank);
                body = text.substring(blank + 2);
            }
            String[] lines = head.split("\n");
            String line = lines[0];
            String method = line.substring(0, line.indexOf(' '));
            String target = line.substring(method.length() + 1, line.lastIndexOf(" HTTP/"));
            int q = target.indexOf('?');
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.add(Map.entry(lines[i].substring(0, colon), lines[i].substring(colon + 1)));
            }
            return new SuiteRequest(
                    method,
                    q < 0 ? target : target.substring(0, q),
                    q < 0 ? null : target.substring(q + 1),
                    headers,
                    body.getBytes(StandardCharsets.UTF_8));
        }

        String date() {
            return headers.stream()
                    .filter(h -> h.getKey().equalsIgnoreCase("x-amz-date"))
                    .findFirst()
                    .orElseThrow()
                    .getValue();
        }
    }

    private static String resource(String name) {
        try (InputStream in = SigV4Test.class.getResourceAsStream("/sigv4/" + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "post-vanilla",
                "post-x-www-form-urlencoded",
                "get-vanilla-query-order-key",
                "get-vanilla-query-order-value",
                "get-vanilla-query-unreserved",
                "get-vanilla-utf8-query",
                "post-header-key-sort",
                "get-header-value-trim",
                "post-sts-header-before",
                "post-vanilla-empty-query-value"
            })
    void suiteCaseSignsAsAwsPublished(String name) {
        SuiteRequest request = SuiteRequest.parse(resource(name + "/" + name + ".req"));

        SigV4.Signature signature = SigV4.sign(
                request.method(),
                request.path(),
                request.query(),
                request.headers(),
                SigV4.sha256Hex(request.body()),
                request.date(),
                "us-east-1",
                "service",
                SUITE_KEYS);

        String creq = resource(name + "/" + name + ".creq");
        if (creq != null) {
            assertThat(signature.canonicalRequest()).isEqualTo(creq);
        }
        String sts = resource(name + "/" + name + ".sts");
        if (sts != null) {
            assertThat(signature.stringToSign()).isEqualTo(sts);
        }
        assertThat(signature.authorization()).isEqualTo(resource(name + "/" + name + ".authz"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/model/anthropic.claude-3-haiku-20240307-v1:0/invoke", "/model/arn%3Aaws%3Ax/converse"})
    void aPathAsSentIsEncodedOnceMoreAsAwsSdksDoForServicesOtherThanS3(String path) {
        String canonical = SigV4.canonicalUri(path);

        assertThat(canonical)
                .isEqualTo(path.replace("%", "%25").replace(":", "%3A"))
                .startsWith("/model/");
    }
}
