package dev.aigateway.gateway;

import dev.aigateway.error.GatewayError;
import dev.aigateway.error.GatewayException;
import dev.aigateway.provider.Provider;
import dev.aigateway.provider.StoredCredentials;
import dev.aigateway.provider.UpstreamCredential;
import io.vertx.core.MultiMap;
import jakarta.inject.Singleton;
import java.util.TreeSet;

/**
 * Gateway authentication and stored provider keys: checks the gateway token (in {@code cf-aig-authorization}, or in
 * the provider's auth slot as Cloudflare's SDK examples do), then injects a stored key when the request has none —
 * only into a request that presented a valid gateway token, unless the gateway opts in with
 * {@code allow-unauthenticated-stored-keys} (otherwise anyone who can reach the port would spend the keys).
 */
@Singleton
public class CredentialResolver {

    public static final String GATEWAY_AUTHORIZATION = "cf-aig-authorization";
    public static final String BYOK_ALIAS = "cf-aig-byok-alias";

    private final StoredCredentials stored;

    public CredentialResolver(StoredCredentials stored) {
        this.stored = stored;
    }

    /**
     * What {@link #resolve} found.
     *
     * @param authenticated the request presented a valid gateway token
     * @param ownKey the request brought its own provider key (it wins over stored keys, balanced ones too)
     * @param pinned the client chose a stored key ({@code cf-aig-byok-alias}): no balancing
     * @param credential a stored key the gateway turns into the provider's credential per call (an access token, a
     *     signature); null when the headers already carry the credential
     */
    public record Resolved(boolean authenticated, boolean ownKey, boolean pinned, UpstreamCredential credential) {}

    /**
     * @param providerPath the path after the provider slug
     * @param incoming the client's headers (read only)
     * @param upstream the headers going to the provider (credential headers are added or removed here)
     * @param rawQuery the request query, where some providers accept the key ({@code ?key=})
     */
    public Resolved resolve(
            GatewaySettings gateway,
            Provider provider,
            String providerPath,
            MultiMap incoming,
            MultiMap upstream,
            String rawQuery) {
        boolean authenticated = (gateway.hasTokens() || gateway.authentication())
                && authenticate(gateway, provider, incoming, upstream);
        if (hasOwnCredential(provider, upstream, rawQuery)) {
            return new Resolved(authenticated, true, false, null); // A request's own key wins over stored keys.
        }
        String alias = incoming.get(BYOK_ALIAS);
        String aliasName = alias == null ? GatewaySettings.DEFAULT_ALIAS : alias.strip();
        String key = gateway.storedKeysFor(provider.slug()).get(aliasName);
        if (key != null || alias != null) {
            checkLendable(gateway, authenticated);
        }
        UpstreamCredential credential = null;
        if (key != null) {
            credential = stored.of(provider, key, aliasName, providerPath);
            if (credential == null) {
                upstream.set(
                        provider.credential().header(), provider.credential().value(key));
            }
        } else if (alias != null) {
            throw new GatewayException(
                    GatewayError.BYOK_ALIAS_NOT_FOUND,
                    "No stored key with alias '" + printable(alias) + "' for provider " + provider.slug()
                            + "; configured aliases: "
                            + new TreeSet<>(
                                    gateway.storedKeysFor(provider.slug()).keySet()));
        }
        return new Resolved(authenticated, false, alias != null, credential);
    }

    /** Stored keys are lent only to callers the gateway knows, unless the operator opted in. */
    public static void checkLendable(GatewaySettings gateway, boolean authenticated) {
        if (!authenticated && !gateway.allowUnauthenticatedStoredKeys()) {
            throw new GatewayException(
                    GatewayError.UNAUTHORIZED,
                    "Stored provider keys are only used for requests with a valid gateway token"
                            + " (cf-aig-authorization); send one, or your own provider key");
        }
    }

    /**
     * For requests whose gateway token can only be in {@code cf-aig-authorization} (the Universal endpoint): checked
     * before the body is read.
     */
    public boolean authenticateOuter(GatewaySettings gateway, MultiMap incoming) {
        String header = incoming.get(GATEWAY_AUTHORIZATION);
        boolean accepted = header != null && gateway.hasTokens() && gateway.acceptsToken(withoutScheme(header));
        if (gateway.authentication() && !accepted) {
            throw unauthorized();
        }
        return accepted;
    }

    private static boolean authenticate(
            GatewaySettings gateway, Provider provider, MultiMap incoming, MultiMap upstream) {
        String header = incoming.get(GATEWAY_AUTHORIZATION);
        if (header != null) {
            boolean accepted = gateway.acceptsToken(withoutScheme(header));
            if (!accepted && gateway.authentication()) {
                throw unauthorized();
            }
            return accepted;
        }
        for (String slot : provider.credentialHeaders()) {
            String value = upstream.get(slot);
            if (value != null && gateway.acceptsToken(withoutScheme(value))) {
                upstream.remove(slot); // a gateway token is never forwarded
                return true;
            }
        }
        if (gateway.authentication()) {
            throw unauthorized();
        }
        return false;
    }

    private static boolean hasOwnCredential(Provider provider, MultiMap upstream, String rawQuery) {
        for (String slot : provider.credentialHeaders()) {
            if (upstream.contains(slot)) {
                return true;
            }
        }
        return rawQuery != null && (rawQuery.startsWith("key=") || rawQuery.contains("&key="));
    }

    private static boolean scheme(String value, int length, String word) {
        return length == word.length() && value.regionMatches(true, 0, word, 0, length);
    }

    /** A credential without its {@code Bearer}/{@code Key}/{@code Token} scheme word. */
    public static String withoutScheme(String value) {
        String v = value.strip();
        int space = v.indexOf(' ');
        if (space > 0) {
            if (scheme(v, space, "bearer") || scheme(v, space, "key") || scheme(v, space, "token")) {
                return v.substring(space + 1).strip();
            }
        }
        return v;
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static GatewayException unauthorized() {
        return new GatewayException(GatewayError.UNAUTHORIZED, "Unauthorized");
    }
}
