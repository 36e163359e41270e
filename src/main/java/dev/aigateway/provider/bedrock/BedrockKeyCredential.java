package dev.aigateway.provider.bedrock;

import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.provider.PathSegments;
import dev.aigateway.provider.UpstreamCredential;
import dev.aigateway.provider.UpstreamUrl;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A stored AWS access key for Bedrock (Cloudflare's form: JSON {@code {"accessKeyId", "secretAccessKey", "region",
 * "sessionToken"?}}): the gateway signs each attempt with SigV4 (service {@code bedrock}, the region of the URL, else
 * the key's), over the exact bytes it sends — {@code host}, {@code x-amz-date}, {@code x-amz-content-sha256} and the
 * session token are signed. A request that brings its own {@code Authorization} (signed by the client) never gets
 * here: it passes through untouched.
 */
public final class BedrockKeyCredential implements UpstreamCredential {

    static final String SERVICE = "bedrock";
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-\\d");
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** A parsed stored key: the keys and the default region (null: the URL's only). */
    public record AccessKey(SigV4.Keys keys, String region) {}

    private final AccessKey key;
    private final String region;
    private final Clock clock;

    BedrockKeyCredential(AccessKey key, String region, Clock clock) {
        this.key = key;
        this.region = region;
        this.clock = clock;
    }

    /**
     * The credential for one call.
     *
     * @param providerPath the path after the slug ({@code /bedrock-runtime/{region}/…}): the region to sign for
     */
    public static BedrockKeyCredential of(AccessKey key, String providerPath, Clock clock) {
        String[] parts = PathSegments.split(providerPath, 3);
        String region = parts.length >= 2 && REGION.matcher(parts[1]).matches() ? parts[1] : key.region();
        return new BedrockKeyCredential(key, region == null ? "us-east-1" : region, clock);
    }

    /**
     * A stored Bedrock key that is an access key (JSON); null when it is something else (a Bedrock API key, sent as a
     * bearer token as before).
     *
     * @throws GatewayException when it is JSON without an access key id and secret (the message names no secret)
     */
    public static AccessKey parse(String stored, String alias) {
        String s = stored.strip();
        if (!s.startsWith("{")) {
            return null;
        }
        JsonObject json;
        try {
            json = new JsonObject(s);
        } catch (DecodeException e) {
            throw invalid(alias, "it is not valid JSON");
        }
        String id = first(json, "accessKeyId", "access_key_id", "aws_access_key_id");
        String secret = first(json, "secretAccessKey", "secret_access_key", "aws_secret_access_key");
        if (id == null || secret == null) {
            throw invalid(alias, "accessKeyId and secretAccessKey are required");
        }
        String region = first(json, "region", "aws_region");
        if (region != null && !REGION.matcher(region).matches()) {
            throw invalid(alias, "region '" + region.replaceAll("[^a-z0-9-]", "?") + "' is not an AWS region");
        }
        return new AccessKey(
                new SigV4.Keys(id, secret, first(json, "sessionToken", "session_token", "aws_session_token")), region);
    }

    private static String first(JsonObject json, String... names) {
        for (String n : names) {
            Object v = json.getValue(n);
            if (v instanceof String s && !s.isBlank()) {
                return s.strip();
            }
        }
        return null;
    }

    private static GatewayException invalid(String alias, String why) {
        return new GatewayException(
                GatewayError.CREDENTIAL_FAILED,
                "The stored aws-bedrock key (alias '" + alias + "') cannot be used: " + why);
    }

    @Override
    public boolean coversBody() {
        return true;
    }

    @Override
    public Future<Void> ready() {
        return Future.succeededFuture();
    }

    @Override
    public void apply(HttpMethod method, UpstreamUrl url, MultiMap headers, Buffer body) {
        String amzDate = AMZ_DATE.format(clock.instant());
        String payload = body == null ? SigV4.EMPTY_SHA256 : SigV4.sha256Hex(body.getBytes());
        boolean defaultPort = url.port() == (url.ssl() ? 443 : 80);
        String host = defaultPort ? url.host() : url.host() + ':' + url.port();
        headers.remove("authorization");
        headers.set("host", host);
        headers.set("x-amz-date", amzDate);
        headers.set("x-amz-content-sha256", payload);
        List<Map.Entry<String, String>> signed = new ArrayList<>(4);
        signed.add(Map.entry("host", host));
        signed.add(Map.entry("x-amz-content-sha256", payload));
        signed.add(Map.entry("x-amz-date", amzDate));
        if (key.keys().sessionToken() != null) {
            headers.set("x-amz-security-token", key.keys().sessionToken());
            signed.add(Map.entry("x-amz-security-token", key.keys().sessionToken()));
        } else {
            headers.remove("x-amz-security-token");
        }
        String uri = url.uri();
        int q = uri.indexOf('?');
        SigV4.Signature signature = SigV4.sign(
                method.name(),
                q < 0 ? uri : uri.substring(0, q),
                q < 0 ? null : uri.substring(q + 1),
                signed,
                payload,
                amzDate,
                region,
                SERVICE,
                key.keys());
        headers.set("authorization", signature.authorization());
    }

    @Override
    public String toString() {
        return "BedrockKeyCredential[" + region + "]";
    }
}
