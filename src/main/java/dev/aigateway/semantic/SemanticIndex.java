package dev.aigateway.semantic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This replica's index of every stored prompt: one {@link PartitionIndex} per partition, and per gateway its entries
 * in least-recently-used order, so that a gateway keeps at most its {@code max-entries}: beyond it, the entry least
 * recently added or served (here) goes first; expired entries go at lookup and at each sweep. Entries come from this
 * replica's stores and from the other replicas' (the shared Redis stream); an id seen twice is added once.
 *
 * <p>Threads: every change runs on the one indexer thread ({@link SemanticCache}), except {@link #touch} (a hit, from
 * a worker: it only reorders); searches ({@link #nearest}) run on the workers. Memory per entry, measured (README,
 * "Semantic cache"): the 384-float vector (1,552 bytes), its graph node in a large partition (up to 32 neighbours on
 * level 0) and this bookkeeping (the entry, its id, two map nodes).
 */
final class SemanticIndex {

    private final Map<String, PartitionIndex> partitions = new ConcurrentHashMap<>();
    /** Per gateway, its entries by id, least recently used first (access order). Guarded by {@code this}. */
    private final Map<String, LinkedHashMap<String, SemanticEntry>> byGateway = new HashMap<>();
    /** Entries ever added per gateway (guarded by {@code this}): what a caller waits on once the index is full. */
    private final Map<String, Long> added = new HashMap<>();
    /** Whether new entries go into their partition's graph at once (false during the start-up fill). */
    private volatile boolean graphs = true;

    /**
     * Adds an entry (unless its id is known or it has expired), then evicts, beyond the gateway's {@code maxEntries},
     * its least recently used entries.
     */
    void add(
            String gateway,
            String partition,
            String id,
            float[] vector,
            long expiresAtMillis,
            int maxEntries,
            long now) {
        if (expiresAtMillis <= now || vector.length != Embedder.DIMENSIONS) {
            return;
        }
        PartitionIndex index;
        SemanticEntry entry;
        List<SemanticEntry> evicted = new ArrayList<>();
        synchronized (this) {
            LinkedHashMap<String, SemanticEntry> order = byGateway.get(gateway);
            if (order == null) {
                order = new LinkedHashMap<>(16, 0.75f, true);
                byGateway.put(gateway, order);
            } else if (order.containsKey(id)) {
                return;
            }
            index = partitions.computeIfAbsent(partition, PartitionIndex::new);
            // one copy of the gateway's and the partition's names for all their entries
            String gatewayKey =
                    order.isEmpty() ? gateway : order.values().iterator().next().gateway;
            entry = new SemanticEntry(gatewayKey, index.key, id, expiresAtMillis);
            order.put(id, entry);
            added.merge(gateway, 1L, Long::sum);
            Iterator<SemanticEntry> eldest = order.values().iterator();
            while (order.size() > Math.max(1, maxEntries) && eldest.hasNext()) {
                evicted.add(eldest.next());
                eldest.remove();
            }
        }
        index.add(entry, vector, graphs);
        evicted.forEach(this::drop);
    }

    /** A hit: the entry becomes its gateway's most recently used. */
    synchronized void touch(SemanticEntry entry) {
        LinkedHashMap<String, SemanticEntry> order = byGateway.get(entry.gateway);
        if (order != null) {
            order.get(entry.id); // access order: moves it last
        }
    }

    /** The nearest live entry of a partition, or null. */
    PartitionIndex.Match nearest(String partition, float[] query, long now) {
        PartitionIndex index = partitions.get(partition);
        return index == null ? null : index.nearest(query, now);
    }

    /** Removes an entry whose response is gone (expired, purged, evicted by Redis). */
    void remove(SemanticEntry entry) {
        synchronized (this) {
            LinkedHashMap<String, SemanticEntry> order = byGateway.get(entry.gateway);
            if (order == null || order.get(entry.id) != entry) {
                return;
            }
            order.remove(entry.id);
        }
        drop(entry);
    }

    /** Drops every expired entry, then compacts the partitions that are mostly removed entries. */
    void sweep(long now) {
        List<SemanticEntry> expired = new ArrayList<>();
        synchronized (this) {
            for (LinkedHashMap<String, SemanticEntry> order : byGateway.values()) {
                Iterator<SemanticEntry> it = order.values().iterator();
                while (it.hasNext()) {
                    SemanticEntry e = it.next();
                    if (e.expiresAtMillis <= now) {
                        expired.add(e);
                        it.remove();
                    }
                }
            }
            byGateway.values().removeIf(Map::isEmpty);
        }
        expired.forEach(this::drop);
        compactSparse();
    }

    /**
     * The start-up fill: entries go in without graphs ({@code false}); then ({@code true}) every large partition gets
     * its graph, built once in bulk, and later entries join the graphs one by one.
     */
    void filling(boolean filling) {
        graphs = !filling;
        if (!filling) {
            compactSparse();
            for (PartitionIndex index : partitions.values()) {
                index.buildGraph();
            }
        }
    }

    private void compactSparse() {
        for (PartitionIndex index : partitions.values()) {
            if (index.sparse()) {
                index.compact(graphs && index.size() >= PartitionIndex.GRAPH_MIN);
            }
        }
    }

    private void drop(SemanticEntry entry) {
        PartitionIndex index = partitions.get(entry.partition);
        if (index != null) {
            index.remove(entry);
            if (index.size() == 0) {
                partitions.remove(entry.partition, index);
            } else if (!graphs && index.sparse()) {
                index.compact(false); // the fill evicts: keep the arrays about as large as what stays
            }
        }
    }

    /** The partition of an entry (tests and the bench). */
    PartitionIndex partition(String partition) {
        return partitions.get(partition);
    }

    synchronized int size() {
        int n = 0;
        for (LinkedHashMap<String, SemanticEntry> order : byGateway.values()) {
            n += order.size();
        }
        return n;
    }

    synchronized long added(String gateway) {
        return added.getOrDefault(gateway, 0L);
    }

    synchronized int size(String gateway) {
        LinkedHashMap<String, SemanticEntry> order = byGateway.get(gateway);
        return order == null ? 0 : order.size();
    }
}
