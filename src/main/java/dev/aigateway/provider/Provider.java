package dev.aigateway.provider;

import java.time.Duration;
import java.util.List;

/**
 * One upstream provider as the gateway uses it.
 *
 * @param slug URL slug ({@code openai}, {@code custom-acme}, ...)
 * @param baseUrl effective base URL (configured or built in), possibly with template variables for {@link #paths}
 * @param credential where a stored key is put when the request brings none
 * @param credentialHeaders lower-case request headers that carry a provider credential
 * @param paths how the provider path maps onto the upstream URL
 * @param firstByteTimeout time allowed until the provider's first response byte
 * @param trustCertificates PEM files replacing the default trust store for this provider's TLS (empty: JVM default)
 * @param rules what is vendor-specific about it (credentials, errors, streams, usage, prices)
 */
public record Provider(
        String slug,
        String baseUrl,
        Credential credential,
        List<String> credentialHeaders,
        UpstreamPaths paths,
        Duration firstByteTimeout,
        List<String> trustCertificates,
        ProviderRules rules) {

    /** A header name and the scheme word written before the key ({@code Bearer}, {@code Key}, or none). */
    public record Credential(String header, String scheme) {

        public String value(String key) {
            return scheme == null || scheme.isEmpty() ? key : scheme + " " + key;
        }
    }
}
