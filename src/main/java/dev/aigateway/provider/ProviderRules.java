package dev.aigateway.provider;

import dev.aigateway.stream.EndRule;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Locale;

/**
 * What is vendor-specific about one provider, next to its path rules: credential adaptation, headers the gateway
 * keeps, error hints for failure classification, {@code include_usage} eligibility, how its streams end and report
 * errors, its usage dialect and price names, the model its paths name, the headers that vary its answers. A vendor
 * overrides what differs in {@code provider/<vendor>/}; this base is an OpenAI-compatible API with nothing special
 * (custom providers and most built-in ones). Stateless and shared.
 */
public class ProviderRules {

    /** An OpenAI-compatible API: custom providers and vendors without rules of their own. */
    public static final ProviderRules COMPATIBLE = new ProviderRules();

    protected ProviderRules() {}

    /** The wire format of a call to this provider, from its upstream path (worked out once per request). */
    public WireFormat wireFormat(String upstreamPath) {
        return WireFormat.of(upstreamPath);
    }

    /**
     * Adapts the credential headers going upstream to what this provider takes (after stored keys were added).
     *
     * @param providerPath the raw path after the provider slug
     */
    public void adaptCredentials(String providerPath, MultiMap upstreamHeaders) {}

    /** Request headers that steer the gateway for this provider (lower case): read, never forwarded. */
    public List<String> gatewayOnlyHeaders() {
        return List.of();
    }

    /** Takes {@link #gatewayOnlyHeaders} out of the headers going upstream. */
    public final void stripGatewayOnlyHeaders(MultiMap upstreamHeaders) {
        for (String h : gatewayOnlyHeaders()) {
            upstreamHeaders.remove(h);
        }
    }

    /**
     * What this vendor's error answers say beyond their status. Failure classification reads every vendor's hints
     * ({@link Vendors#errorHints}): aggregators and compatible servers pass other vendors' errors on as they are.
     */
    public ErrorHints errorHints() {
        return ErrorHints.NONE;
    }

    /**
     * Whether a stream request of this format may get {@code stream_options.include_usage} added (the API accepts
     * it and otherwise reports no usage in streams).
     */
    public boolean includeUsage(WireFormat format) {
        return false;
    }

    /** How this provider's streams of this format end. */
    public EndRule streamEnd(WireFormat format) {
        return format.endRule();
    }

    /** How a client of this provider expects to be told, inside a stream of this format, that it was cut short. */
    public WireFormat.ErrorDialect errorDialect(WireFormat format) {
        return format.errorDialect();
    }

    /**
     * How this vendor's usage differs from its wire format's plain shape: its accounting (usage extraction combines
     * it with every vendor's shapes, {@link Vendors#usageDialect}).
     */
    public UsageDialect usageDialect() {
        return UsageDialect.PLAIN;
    }

    /**
     * The names a model this provider reports may be listed under in the price catalogue, tried in order: lower
     * case, without a {@code models/} resource prefix.
     */
    public List<String> pricingNames(String model) {
        return List.of(listedName(model));
    }

    /** The model a request names in its path rather than its body; null when the path names none. */
    public String modelInPath(String providerPath) {
        return null;
    }

    /**
     * Request headers that select a different behaviour of this vendor's API (version, beta features, scope): cache
     * keys include every vendor's ({@link Vendors#cacheVaryingHeaders}), as compatible servers honour them too.
     */
    public List<String> cacheVaryingHeaders() {
        return List.of();
    }

    /** A model name as the price catalogue lists it: lower case, without a {@code models/} resource prefix. */
    protected static String listedName(String model) {
        String m = model.strip().toLowerCase(Locale.ROOT);
        return m.startsWith("models/") ? m.substring("models/".length()) : m;
    }
}
