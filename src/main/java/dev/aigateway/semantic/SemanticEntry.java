package dev.aigateway.semantic;

/**
 * One stored prompt in this replica's index: where its response is kept in Redis ({@link #id}), which gateway and
 * partition it belongs to, and when it expires. Its vector lives in its {@link PartitionIndex}.
 */
final class SemanticEntry {

    final String gateway;
    final String partition;
    /** Unique per entry; the Redis key of its response is derived from it ({@link SemanticStore#responseKey}). */
    final String id;

    final long expiresAtMillis;
    /** Its node in the partition's graph (set by the partition, under its lock). */
    int ord = -1;

    SemanticEntry(String gateway, String partition, String id, long expiresAtMillis) {
        this.gateway = gateway;
        this.partition = partition;
        this.id = id;
        this.expiresAtMillis = expiresAtMillis;
    }
}
