package dev.aigateway.provider.bedrock;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 over one request as it is sent: canonical request (method, URI, sorted query, signed
 * headers, SHA-256 of the exact body bytes), string to sign, the derived signing key and the {@code Authorization}
 * value. Checked against AWS's published test suite ({@code src/test/resources/sigv4/}). Non-S3 services take the path
 * as sent (already percent-encoded once) encoded once more, as AWS's SDKs do.
 */
public final class SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** SHA-256 of no bytes. */
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {}

    /** An access key pair, with the session token of temporary credentials (or null). Prints no secret. */
    public record Keys(String accessKeyId, String secretAccessKey, String sessionToken) {
        @Override
        public String toString() {
            return "Keys[" + accessKeyId + "]";
        }
    }

    /** The parts of one signature: what AWS recomputes, and the header value. */
    public record Signature(String canonicalRequest, String stringToSign, String authorization) {}

    /**
     * Signs a request.
     *
     * @param rawPath the path as sent (percent-encoded), without the query
     * @param rawQuery the query as sent, or null
     * @param headers the headers to sign (all of them; names in any case, repeated names allowed)
     * @param payloadSha256 lower-case hex SHA-256 of the body bytes sent
     * @param amzDate the {@code x-amz-date} value ({@code yyyyMMdd'T'HHmmss'Z'}), also among {@code headers}
     */
    public static Signature sign(
            String method,
            String rawPath,
            String rawQuery,
            List<Map.Entry<String, String>> headers,
            String payloadSha256,
            String amzDate,
            String region,
            String service,
            Keys keys) {
        TreeMap<String, List<String>> byName = new TreeMap<>();
        for (Map.Entry<String, String> h : headers) {
            byName.computeIfAbsent(h.getKey().toLowerCase(java.util.Locale.ROOT), n -> new ArrayList<>())
                    .add(trimAll(h.getValue()));
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (Map.Entry<String, List<String>> h : byName.entrySet()) {
            canonicalHeaders
                    .append(h.getKey())
                    .append(':')
                    .append(String.join(",", h.getValue()))
                    .append('\n');
        }
        String signedHeaders = String.join(";", byName.keySet());
        String canonicalRequest = method
                + '\n'
                + canonicalUri(rawPath)
                + '\n'
                + canonicalQuery(rawQuery)
                + '\n'
                + canonicalHeaders
                + '\n'
                + signedHeaders
                + '\n'
                + payloadSha256;
        String date = amzDate.substring(0, 8);
        String scope = date + '/' + region + '/' + service + "/aws4_request";
        String stringToSign = ALGORITHM
                + '\n'
                + amzDate
                + '\n'
                + scope
                + '\n'
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(("AWS4" + keys.secretAccessKey()).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String signature = HEX.formatHex(hmac(key, stringToSign));
        return new Signature(
                canonicalRequest,
                stringToSign,
                ALGORITHM + " Credential=" + keys.accessKeyId() + '/' + scope + ", SignedHeaders=" + signedHeaders
                        + ", Signature=" + signature);
    }

    /** The path as sent, each byte other than unreserved ones and {@code /} percent-encoded (a {@code %} too). */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return encode(rawPath, true);
    }

    /** The query's parameters percent-decoded, re-encoded the AWS way and sorted by name, then value. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(
                    new String[] {encode(BedrockPaths.decode(name), false), encode(BedrockPaths.decode(value), false)});
        }
        pairs.sort((a, b) -> {
            int byName = a[0].compareTo(b[0]);
            return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
        StringBuilder out = new StringBuilder();
        for (String[] p : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(p[0]).append('=').append(p[1]);
        }
        return out.toString();
    }

    /** Lower-case hex SHA-256. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** A header value trimmed, with runs of spaces inside made one. */
    private static String trimAll(String value) {
        return value.strip().replaceAll(" {2,}", " ");
    }

    private static boolean unreserved(int c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_'
                || c == '.'
                || c == '~';
    }

    private static String encode(String s, boolean keepSlash) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (unreserved(c) || (keepSlash && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
