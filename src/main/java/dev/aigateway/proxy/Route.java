package dev.aigateway.proxy;

/** A request on the provider-native URL scheme, split into its parts (the provider path still percent-encoded). */
public record Route(String accountId, String gatewayId, String providerSlug, String providerPath) {}
