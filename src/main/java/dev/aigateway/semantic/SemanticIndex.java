package dev.aigateway.semantic;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This replica's index of every stored prompt: one {@link PartitionIndex} per partition, and per gateway its entries
 * in the order they were added, so that a gateway keeps at most its {@code max-entries} (the oldest go first, as the
 * expired ones do). Entries come from this replica's stores and from the other replicas' (the shared Redis stream); an
 * id seen twice is added once. Memory: the vector (384 floats, 1.5 KiB), its graph node (up to 32 neighbours on level
 * 0) and this bookkeeping — about 2.1 KiB per entry as measured (README, "Semantic cache").
 */
final class SemanticIndex {

    private final Map<String, PartitionIndex> partitions = new ConcurrentHashMap<>();
    /** Guarded by {@code this}. */
    private final Map<String, ArrayDeque<SemanticEntry>> byGateway = new HashMap<>();
    /** Guarded by {@code this}. */
    private final Map<String, SemanticEntry> byId = new HashMap<>();
    /** Entries ever added per gateway (guarded by {@code this}): what a caller waits on once the index is full. */
    private final Map<String, Long> added = new HashMap<>();

    /**
     * Adds an entry (unless its id is known or it has expired), then evicts the gateway's expired entries and, beyond
     * {@code maxEntries}, its oldest.
     */
    synchronized void add(
            String gateway,
            String partition,
            String id,
            float[] vector,
            long expiresAtMillis,
            int maxEntries,
            long now) {
        if (expiresAtMillis <= now || byId.containsKey(id) || vector.length != Embedder.DIMENSIONS) {
            return;
        }
        SemanticEntry entry = new SemanticEntry(gateway, partition, id, expiresAtMillis);
        partitions.computeIfAbsent(partition, p -> new PartitionIndex()).add(entry, vector);
        byId.put(id, entry);
        added.merge(gateway, 1L, Long::sum);
        ArrayDeque<SemanticEntry> order = byGateway.computeIfAbsent(gateway, g -> new ArrayDeque<>());
        order.addLast(entry);
        while (!order.isEmpty() && (order.size() > maxEntries || order.peekFirst().expiresAtMillis <= now)) {
            drop(order.pollFirst());
        }
    }

    /** The nearest live entry of a partition, or null. */
    PartitionIndex.Match nearest(String partition, float[] query, long now) {
        PartitionIndex index = partitions.get(partition);
        return index == null ? null : index.nearest(query, now);
    }

    /** Removes an entry whose response is gone (expired, purged, evicted by Redis). */
    synchronized void remove(SemanticEntry entry) {
        if (byId.get(entry.id) == entry) {
            ArrayDeque<SemanticEntry> order = byGateway.get(entry.gateway);
            if (order != null) {
                order.remove(entry);
            }
            drop(entry);
        }
    }

    /** Drops every expired entry (each gateway's oldest first). */
    synchronized void sweep(long now) {
        for (ArrayDeque<SemanticEntry> order : byGateway.values()) {
            while (!order.isEmpty() && order.peekFirst().expiresAtMillis <= now) {
                drop(order.pollFirst());
            }
        }
    }

    private void drop(SemanticEntry entry) {
        byId.remove(entry.id);
        PartitionIndex index = partitions.get(entry.partition);
        if (index != null) {
            index.remove(entry);
            if (index.size() == 0) {
                partitions.remove(entry.partition);
            }
        }
    }

    synchronized int size() {
        return byId.size();
    }

    synchronized long added(String gateway) {
        return added.getOrDefault(gateway, 0L);
    }

    synchronized int size(String gateway) {
        ArrayDeque<SemanticEntry> order = byGateway.get(gateway);
        return order == null ? 0 : order.size();
    }
}
