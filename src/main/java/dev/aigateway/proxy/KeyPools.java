package dev.aigateway.proxy;

import dev.aigateway.gateway.CredentialResolver;
import dev.aigateway.gateway.GatewaySettings;
import dev.aigateway.gateway.KeyBalancing;
import dev.aigateway.provider.Provider;
import dev.aigateway.provider.ProviderCatalogue;
import dev.aigateway.provider.UpstreamPaths.PathRequest;
import dev.aigateway.provider.UpstreamUrl;
import dev.aigateway.routing.KeyBalancer;
import dev.aigateway.routing.KeyMember;
import dev.aigateway.routing.KeyPool;
import io.vertx.core.MultiMap;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Whether a call is balanced, and across which members: the route element's {@code load_balancing} (while that
 * element's call is prepared, {@link RequestContext#balancing}) or the gateway's {@code load-balancing} for the
 * provider. Members are the weighted names (else every stored key of the provider, else every deployment) that name a
 * stored key or a deployment ({@code gateway.providers.<slug>.deployments.<name>}); a request with its own key is
 * balanced over deployments only, one that pins an alias ({@code cf-aig-byok-alias}) not at all.
 */
@Singleton
class KeyPools {

    /** The pool id of a gateway's own setting. */
    static final String GATEWAY_POOL = "gateway";

    /** A route element's balancing, in force while its call is prepared. */
    record Override(String poolId, KeyBalancing balancing) {}

    private final KeyBalancer balancer;
    private final ProviderCatalogue catalogue;

    KeyPools(KeyBalancer balancer, ProviderCatalogue catalogue) {
        this.balancer = balancer;
        this.catalogue = catalogue;
    }

    /** The call's pool; null when it is not balanced. Stored keys are lent on the same terms as unbalanced ones. */
    KeyPool of(
            RequestContext ctx,
            GatewaySettings gateway,
            Provider provider,
            Route route,
            MultiMap incoming,
            String rawQuery,
            CredentialResolver.Resolved resolved) {
        Override override = ctx.balancing();
        KeyBalancing balancing = override != null ? override.balancing() : gateway.balancingFor(provider.slug());
        if (balancing == null || resolved.pinned() || resolved.credential() != null) {
            return null; // (a stored key the gateway makes into a credential, a service account or an access key
            // signing the request, is not balanced: members are keys sent as they are)
        }
        Map<String, String> keys = resolved.ownKey() ? Map.of() : gateway.storedKeysFor(provider.slug());
        Map<String, String> deployments = catalogue.deployments(provider.slug());
        Collection<String> names = !balancing.weights().isEmpty()
                ? balancing.weights().keySet()
                : !keys.isEmpty() ? keys.keySet() : deployments.keySet();
        List<KeyMember> members = new ArrayList<>();
        boolean lends = false;
        for (String name : new TreeSet<>(names)) {
            String key = keys.get(name);
            String base = deployments.get(name);
            if (key == null && base == null) {
                continue; // neither a stored key nor a deployment here (an API gateway's weights may name ahead)
            }
            UpstreamUrl url = base == null
                    ? null
                    : provider.paths()
                            .resolve(
                                    new PathRequest(route.accountId(), route.providerPath(), rawQuery, incoming), base);
            lends |= key != null;
            members.add(new KeyMember(
                    name,
                    balancing.weights().getOrDefault(name, 1),
                    key == null ? null : provider.credential().value(key),
                    url));
        }
        if (members.isEmpty()) {
            return null;
        }
        if (lends) {
            CredentialResolver.checkLendable(gateway, resolved.authenticated());
        }
        return balancer.pool(
                gateway.id(), provider.slug(), override != null ? override.poolId() : GATEWAY_POOL, balancing, members);
    }
}
