package dev.aigateway.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The test service account ({@code src/test/resources/creds/}: an RSA key made for these tests only): its key JSON as
 * Google issues it, and the check a token endpoint makes of the JWT it is sent.
 */
public final class ServiceAccounts {

    public static final String EMAIL = "gateway-test@test-project.iam.gserviceaccount.com";
    public static final String KEY_ID = "0123456789abcdef0123456789abcdef01234567";

    private ServiceAccounts() {}

    private static String resource(String name) {
        try (InputStream in = ServiceAccounts.class.getResourceAsStream("/creds/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PEM of the private key (what must never leave the gateway). */
    public static String privateKeyPem() {
        return resource("test-service-account.key");
    }

    /** A line of the private key's base64 that any copy of it would contain. */
    public static String privateKeyFragment() {
        return privateKeyPem().split("\n")[5];
    }

    /** The key JSON with this token endpoint and Cloudflare's {@code region} field. */
    public static String json(String tokenUri) {
        return new JsonObject()
                .put("type", "service_account")
                .put("project_id", "test-project")
                .put("private_key_id", KEY_ID)
                .put("private_key", privateKeyPem())
                .put("client_email", EMAIL)
                .put("client_id", "1234567890")
                .put("auth_uri", "https://accounts.google.com/o/oauth2/auth")
                .put("token_uri", tokenUri)
                .put("region", "us-east5")
                .encode();
    }

    /** Cloudflare's form: the base64 of the JSON. */
    public static String base64(String tokenUri) {
        return Base64.getEncoder().encodeToString(json(tokenUri).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks a JWT bearer assertion as Google's token endpoint does: an RS256 signature by the account's key; returns
     * its claims, or null when the signature does not verify.
     */
    public static JsonObject verifiedClaims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            String pem = resource("test-service-account.pub")
                    .replace("-----BEGIN PUBLIC KEY-----", "")
                    .replace("-----END PUBLIC KEY-----", "")
                    .replaceAll("\\s", "");
            PublicKey key = KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(key);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return null;
            }
            JsonObject header =
                    new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
            if (!"RS256".equals(header.getString("alg")) || !KEY_ID.equals(header.getString("kid"))) {
                return null;
            }
            return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
