package dev.aigateway.provider;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * How a vendor's usage object differs from the plain shape of its wire format: where else it puts cached prompt tokens
 * or the whole usage object (shapes, read from every provider's answers: aggregators and compatible servers pass them
 * on), and how it counts (accounting, this vendor's own).
 *
 * @param cachedInputFields usage fields holding the cached prompt tokens when {@code prompt_tokens_details} does not
 * @param usageContainers top-level objects that may hold the usage object instead of the top level
 * @param reasoningOutsideOutput reasoning tokens are not inside {@code completion_tokens} (they are added)
 * @param outputAddedFields usage fields added to the output count (tokens billed as output but reported apart)
 * @param messagesUsage every usage object is a Messages API one (input excludes cache reads and writes)
 */
public record UsageDialect(
        List<String> cachedInputFields,
        List<String> usageContainers,
        boolean reasoningOutsideOutput,
        List<String> outputAddedFields,
        boolean messagesUsage) {

    public static final UsageDialect PLAIN = new UsageDialect(List.of(), List.of(), false, List.of(), false);

    public UsageDialect {
        cachedInputFields = List.copyOf(cachedInputFields);
        usageContainers = List.copyOf(usageContainers);
        outputAddedFields = List.copyOf(outputAddedFields);
    }

    public UsageDialect withCachedInputFields(String... fields) {
        return new UsageDialect(
                List.of(fields), usageContainers, reasoningOutsideOutput, outputAddedFields, messagesUsage);
    }

    public UsageDialect withUsageContainers(String... fields) {
        return new UsageDialect(
                cachedInputFields, List.of(fields), reasoningOutsideOutput, outputAddedFields, messagesUsage);
    }

    public UsageDialect withReasoningOutsideOutput() {
        return new UsageDialect(cachedInputFields, usageContainers, true, outputAddedFields, messagesUsage);
    }

    public UsageDialect withOutputAddedFields(String... fields) {
        return new UsageDialect(
                cachedInputFields, usageContainers, reasoningOutsideOutput, List.of(fields), messagesUsage);
    }

    public UsageDialect withMessagesUsage() {
        return new UsageDialect(cachedInputFields, usageContainers, reasoningOutsideOutput, outputAddedFields, true);
    }

    /** This dialect's accounting with the shapes of both. */
    public UsageDialect withShapesOf(UsageDialect other) {
        return new UsageDialect(
                union(cachedInputFields, other.cachedInputFields),
                union(usageContainers, other.usageContainers),
                reasoningOutsideOutput,
                outputAddedFields,
                messagesUsage);
    }

    private static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }
}
