package dev.aigateway.routing;

import dev.aigateway.provider.UpstreamUrl;

/**
 * One stored key or deployment a balanced call may use.
 *
 * @param name the stored-key alias or deployment name (what logs and metrics show: never the secret)
 * @param weight its share, 1–1000
 * @param credential the credential header's value for this member (scheme included); null: the call's own
 * @param url the deployment's upstream URL for this call; null: the call's own
 */
public record KeyMember(String name, int weight, String credential, UpstreamUrl url) {

    @Override
    public String toString() {
        return "KeyMember[" + name + "]"; // never the credential
    }
}
