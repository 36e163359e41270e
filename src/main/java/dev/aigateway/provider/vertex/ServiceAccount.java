package dev.aigateway.provider.vertex;

import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * A Google service-account key stored for Vertex AI: its JSON (Cloudflare's form is the base64 of the JSON with an
 * extra {@code region} field; raw JSON is accepted too). Mints the RS256-signed JWT that the account's
 * {@code token_uri} exchanges for an OAuth access token (scope {@code cloud-platform}). Prints no secret.
 */
public final class ServiceAccount {

    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    static final String GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
    /** Lifetime asked for the JWT (Google's maximum). */
    static final long ASSERTION_SECONDS = 3600;

    private static final Base64.Encoder JWT_BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final String clientEmail;
    private final String privateKeyId;
    private final String tokenUri;
    private final String region;
    private final PrivateKey privateKey;
    /** What identifies this account's tokens: the same account, key and token endpoint share them. */
    private final String cacheKey;

    private ServiceAccount(
            String clientEmail, String privateKeyId, String tokenUri, String region, PrivateKey privateKey) {
        this.cacheKey = clientEmail
                + '\n'
                + privateKeyId
                + '\n'
                + tokenUri
                + '\n'
                + Base64.getEncoder().encodeToString(sha256(privateKey.getEncoded()));
        this.clientEmail = clientEmail;
        this.privateKeyId = privateKeyId;
        this.tokenUri = tokenUri;
        this.region = region;
        this.privateKey = privateKey;
    }

    /**
     * The service account a stored Vertex AI key holds; null when the key is no JSON (raw or base64): an access
     * token, sent as a bearer token as before.
     *
     * @throws GatewayException when it is JSON but not a usable service-account key (the message names no secret)
     */
    public static ServiceAccount parse(String stored, String alias) {
        String json = jsonOf(stored.strip());
        if (json == null) {
            return null;
        }
        JsonObject o;
        try {
            o = new JsonObject(json);
        } catch (DecodeException e) {
            throw invalid(alias, "it is not valid JSON");
        }
        String email = o.getValue("client_email") instanceof String s ? s : null;
        String pem = o.getValue("private_key") instanceof String s ? s : null;
        if (email == null || pem == null) {
            throw invalid(alias, "client_email and private_key are required");
        }
        String tokenUri = o.getValue("token_uri") instanceof String s ? s : GOOGLE_TOKEN_URI;
        if (!tokenUri.startsWith("https://") && !tokenUri.startsWith("http://")) {
            throw invalid(alias, "token_uri is not an http(s) URL");
        }
        String keyId = o.getValue("private_key_id") instanceof String s ? s : null;
        String region = o.getValue("region") instanceof String s ? s : null;
        return new ServiceAccount(email, keyId, tokenUri, region, privateKey(pem, alias));
    }

    /** The JSON text of a stored key: as it is, or base64-decoded; null when it is neither. */
    private static String jsonOf(String stored) {
        if (stored.startsWith("{")) {
            return stored;
        }
        if (stored.length() < 16 || stored.indexOf(' ') >= 0) {
            return null;
        }
        try {
            byte[] decoded = stored.indexOf('-') >= 0 || stored.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(stored)
                    : Base64.getMimeDecoder().decode(stored);
            String text = new String(decoded, StandardCharsets.UTF_8).strip();
            return text.startsWith("{") ? text : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static PrivateKey privateKey(String pem, String alias) {
        String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw invalid(alias, "private_key is not a PKCS#8 RSA key in PEM");
        }
    }

    private static GatewayException invalid(String alias, String why) {
        return new GatewayException(
                GatewayError.CREDENTIAL_FAILED,
                "The stored google-vertex-ai key (alias '" + alias + "') is not a usable service-account key: " + why);
    }

    /** The signed JWT asking {@link #tokenUri} for an access token, issued at {@code nowSeconds}. */
    String assertion(long nowSeconds) {
        JsonObject header = new JsonObject().put("alg", "RS256").put("typ", "JWT");
        if (privateKeyId != null) {
            header.put("kid", privateKeyId);
        }
        JsonObject claims = new JsonObject()
                .put("iss", clientEmail)
                .put("scope", SCOPE)
                .put("aud", tokenUri)
                .put("iat", nowSeconds)
                .put("exp", nowSeconds + ASSERTION_SECONDS);
        String signingInput = part(header) + "." + part(claims);
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(privateKey);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + JWT_BASE64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new GatewayException(
                    GatewayError.CREDENTIAL_FAILED,
                    "Could not sign the token request of service account " + clientEmail);
        }
    }

    private static String part(JsonObject json) {
        return JWT_BASE64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
    }

    public String clientEmail() {
        return clientEmail;
    }

    public String tokenUri() {
        return tokenUri;
    }

    /** The region Cloudflare's form names (null when absent). */
    public String region() {
        return region;
    }

    String cacheKey() {
        return cacheKey;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "ServiceAccount[" + clientEmail + "]";
    }
}
