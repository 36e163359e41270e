package dev.aigateway.provider;

import dev.aigateway.stream.EndRule;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * What is vendor-specific about one provider, next to its path rules: credential adaptation, headers the gateway
 * keeps, error hints for failure classification, {@code include_usage} eligibility, how its streams end and report
 * errors, its usage dialect and price names, the model its paths name, the headers that vary its answers. This base
 * is an OpenAI-compatible API with nothing special (custom providers and most built-in ones). A vendor that differs
 * only in values is declared from {@link #COMPATIBLE} with the {@code with…} methods (in {@link Vendors}); one that
 * needs code overrides the methods in {@code provider/<vendor>/}. Immutable and shared.
 */
public class ProviderRules {

    /** An OpenAI-compatible API: custom providers and vendors without rules of their own. */
    public static final ProviderRules COMPATIBLE = new ProviderRules();

    private final boolean streamOptionsUsage;
    private final UsageDialect usageDialect;
    private final ErrorHints errorHints;
    private final List<String> gatewayOnlyHeaders;
    private final List<String> cacheVaryingHeaders;
    private final UnaryOperator<String> modelInPath;

    protected ProviderRules() {
        this(false, UsageDialect.PLAIN, ErrorHints.NONE, List.of(), List.of(), null);
    }

    private ProviderRules(
            boolean streamOptionsUsage,
            UsageDialect usageDialect,
            ErrorHints errorHints,
            List<String> gatewayOnlyHeaders,
            List<String> cacheVaryingHeaders,
            UnaryOperator<String> modelInPath) {
        this.streamOptionsUsage = streamOptionsUsage;
        this.usageDialect = usageDialect;
        this.errorHints = errorHints;
        this.gatewayOnlyHeaders = List.copyOf(gatewayOnlyHeaders);
        this.cacheVaryingHeaders = List.copyOf(cacheVaryingHeaders);
        this.modelInPath = modelInPath;
    }

    // A vendor that differs from an OpenAI-compatible API only in data is declared, not subclassed:
    // COMPATIBLE.withStreamOptionsUsage().withUsageDialect(…) (see Vendors). A subclass overrides methods instead.

    /** These rules, and streams of the formats that take OpenAI's {@code stream_options} may ask for usage. */
    public final ProviderRules withStreamOptionsUsage() {
        return declared(new ProviderRules(
                true, usageDialect, errorHints, gatewayOnlyHeaders, cacheVaryingHeaders, modelInPath));
    }

    /** These rules with this usage dialect. */
    public final ProviderRules withUsageDialect(UsageDialect dialect) {
        return declared(new ProviderRules(
                streamOptionsUsage, dialect, errorHints, gatewayOnlyHeaders, cacheVaryingHeaders, modelInPath));
    }

    /** These rules with these error hints. */
    public final ProviderRules withErrorHints(ErrorHints hints) {
        return declared(new ProviderRules(
                streamOptionsUsage, usageDialect, hints, gatewayOnlyHeaders, cacheVaryingHeaders, modelInPath));
    }

    /** These rules with these request headers read by the gateway and never forwarded (lower case). */
    public final ProviderRules withGatewayOnlyHeaders(String... headers) {
        return declared(new ProviderRules(
                streamOptionsUsage, usageDialect, errorHints, List.of(headers), cacheVaryingHeaders, modelInPath));
    }

    /** These rules with these answer-varying request headers. */
    public final ProviderRules withCacheVaryingHeaders(String... headers) {
        return declared(new ProviderRules(
                streamOptionsUsage, usageDialect, errorHints, gatewayOnlyHeaders, List.of(headers), modelInPath));
    }

    /** These rules, with the model a request's path names found by {@code model} (null: none). */
    public final ProviderRules withModelInPath(UnaryOperator<String> model) {
        return declared(new ProviderRules(
                streamOptionsUsage, usageDialect, errorHints, gatewayOnlyHeaders, cacheVaryingHeaders, model));
    }

    /** {@code changed}, when these rules are declared ones (a subclass's overrides would be lost in a copy). */
    private ProviderRules declared(ProviderRules changed) {
        if (getClass() != ProviderRules.class) {
            throw new IllegalStateException("A rules subclass overrides methods; only declared rules take values");
        }
        return changed;
    }

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
        return gatewayOnlyHeaders;
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
        return errorHints;
    }

    /**
     * Whether a stream request of this format may get {@code stream_options.include_usage} added (the API accepts
     * it and otherwise reports no usage in streams).
     */
    public boolean includeUsage(WireFormat format) {
        return streamOptionsUsage && acceptsStreamOptions(format);
    }

    /** Whether this format takes OpenAI's {@code stream_options} (chat and text completions). */
    public static boolean acceptsStreamOptions(WireFormat format) {
        return format == WireFormat.OPENAI_CHAT || format == WireFormat.OPENAI_COMPLETIONS;
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
        return usageDialect;
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
        return modelInPath == null ? null : modelInPath.apply(providerPath);
    }

    /**
     * Request headers that select a different behaviour of this vendor's API (version, beta features, scope): cache
     * keys include every vendor's ({@link Vendors#cacheVaryingHeaders}), as compatible servers honour them too.
     */
    public List<String> cacheVaryingHeaders() {
        return cacheVaryingHeaders;
    }

    /** A model name as the price catalogue lists it: lower case, without a {@code models/} resource prefix. */
    protected static String listedName(String model) {
        String m = model.strip().toLowerCase(Locale.ROOT);
        return m.startsWith("models/") ? m.substring("models/".length()) : m;
    }
}
