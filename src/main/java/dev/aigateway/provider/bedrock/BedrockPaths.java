package dev.aigateway.provider.bedrock;

import dev.aigateway.provider.PathSegments;
import dev.aigateway.provider.UpstreamPaths;
import dev.aigateway.provider.UpstreamUrl;
import io.vertx.core.MultiMap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /aws-bedrock/{service}/{region}/rest} → {@code https://{service}.{region}.amazonaws.com/rest}
 * ({@code bedrock-mantle} lives under {@code api.aws}).
 */
public final class BedrockPaths implements UpstreamPaths {

    public static final String DEFAULT_BASE_URL = "https://{service}.{region}.{domain}";

    private static final Set<String> SERVICES =
            Set.of("bedrock-runtime", "bedrock", "bedrock-agent-runtime", "bedrock-agent", "bedrock-mantle");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-\\d");
    /** Runtime operations that name the model in the path: {@code /model/{modelId}/{operation}}. */
    private static final Set<String> MODEL_OPERATIONS =
            Set.of("converse", "converse-stream", "invoke", "invoke-with-response-stream", "count-tokens");
    /** Geographic cross-region inference profiles, priced as the model in one region ({@code global.} is not). */
    private static final Set<String> GEO_PROFILES = Set.of("us", "us-gov", "eu", "apac", "jp", "au", "ca");

    private static final int MAX_MODEL_ID = 512;

    @Override
    public UpstreamUrl resolve(PathRequest request, String baseUrl) {
        String[] parts = PathSegments.split(request.providerPath(), 3);
        if (parts.length < 2
                || !SERVICES.contains(parts[0])
                || !REGION.matcher(parts[1]).matches()) {
            throw PathSegments.invalid("/aws-bedrock/bedrock-runtime/{region}/model/{modelId}/...");
        }
        String domain = "bedrock-mantle".equals(parts[0]) ? "api.aws" : "amazonaws.com";
        String base = baseUrl.replace("{service}", parts[0])
                .replace("{region}", parts[1])
                .replace("{domain}", domain);
        String rest = parts.length == 3 ? "/" + parts[2] : "";
        return UpstreamUrl.of(base, rest, request.rawQuery());
    }

    /** Bedrock Mantle takes a Bedrock API key as {@code x-api-key}, while SDKs send it as a bearer token. */
    public static void adaptMantleCredential(String providerPath, MultiMap upstreamHeaders) {
        if (!providerPath.startsWith("/bedrock-mantle/") || upstreamHeaders.contains("x-api-key")) {
            return;
        }
        String auth = upstreamHeaders.get("authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            upstreamHeaders
                    .remove("authorization")
                    .set("x-api-key", auth.substring(7).strip());
        }
    }

    /**
     * The model id of a Bedrock runtime call ({@code …/model/{modelId}/converse}, {@code converse-stream},
     * {@code invoke}, {@code invoke-with-response-stream}), percent-decoded (ARNs arrive encoded); null when the path
     * names none. Accepts the provider path ({@code /bedrock-runtime/{region}/model/…}) or the upstream path.
     */
    public static String modelFromPath(String path) {
        if (path == null) {
            return null;
        }
        int q = path.indexOf('?');
        String[] parts = (q < 0 ? path : path.substring(0, q)).split("/");
        for (int i = 0; i + 2 < parts.length; i++) {
            if (parts[i].equals("model")
                    && !parts[i + 1].isEmpty()
                    && MODEL_OPERATIONS.contains(parts[i + 2])
                    && parts[i + 1].length() <= MAX_MODEL_ID) {
                String id = decode(parts[i + 1]);
                return id.chars().anyMatch(c -> c < 0x20 || c == 0x7f) ? null : id;
            }
        }
        return null;
    }

    /**
     * The name a Bedrock model id is priced under: the id of an ARN ({@code arn:…:inference-profile/us.anthropic…}),
     * lower case, without a geographic inference-profile prefix ({@code us.}, {@code eu.}, {@code apac.}, …), which
     * bills as the in-region model; {@code global.} stays (the global profile has its own price).
     */
    public static String pricingName(String modelId) {
        String m = modelId.strip().toLowerCase(Locale.ROOT);
        if (m.startsWith("arn:")) {
            m = m.substring(m.lastIndexOf('/') + 1);
        }
        int dot = m.indexOf('.');
        if (dot > 0 && m.indexOf('.', dot + 1) > 0 && GEO_PROFILES.contains(m.substring(0, dot))) {
            m = m.substring(dot + 1);
        }
        return m;
    }

    /**
     * Percent-decoding of one path segment ({@code +} stays a plus); malformed escapes are kept as they are. Also
     * {@link SigV4}'s, for its canonical path.
     */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        byte[] in = segment.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int hi = in[i] == '%' && i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
            int lo = hi >= 0 ? Character.digit(in[i + 2], 16) : -1;
            if (lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
