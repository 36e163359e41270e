package dev.aigateway.provider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What a vendor's error answers say beyond their status, for failure classification: body fragments meaning "out of
 * money" or "bad key", headers naming the error or forbidding a retry, statuses of its own.
 *
 * @param outOfMoney lower-case body fragments: the account cannot pay or used its quota (retrying never helps)
 * @param badCredential lower-case body fragments that make a 400 a bad key rather than a bad request
 * @param headers response headers that decide, in order
 * @param statuses statuses with a vendor-specific meaning
 */
public record ErrorHints(
        List<String> outOfMoney, List<String> badCredential, List<HeaderHint> headers, Map<Integer, Verdict> statuses) {

    public static final ErrorHints NONE = new ErrorHints(List.of(), List.of(), List.of(), Map.of());

    /** What a hint says about an error answer. */
    public enum Verdict {
        /** Worth trying the same provider again. */
        RETRY,
        /** Never worth retrying the same account; another provider may serve it. */
        FALL_BACK,
        /** Not to be retried even if its status says it could be (another provider may still serve it). */
        DO_NOT_RETRY
    }

    /**
     * A response header whose value (compared without case) decides.
     *
     * @param prefix whether the value only has to start with {@code value}
     */
    public record HeaderHint(String header, String value, boolean prefix, Verdict verdict) {

        public boolean matches(String actual) {
            return actual != null
                    && (prefix
                            ? actual.regionMatches(true, 0, value, 0, value.length())
                            : actual.equalsIgnoreCase(value));
        }
    }

    public ErrorHints {
        outOfMoney = List.copyOf(outOfMoney);
        badCredential = List.copyOf(badCredential);
        headers = List.copyOf(headers);
        statuses = Map.copyOf(statuses);
    }

    public static ErrorHints outOfMoney(String... fragments) {
        return new ErrorHints(List.of(fragments), List.of(), List.of(), Map.of());
    }

    public ErrorHints withBadCredential(String... fragments) {
        return new ErrorHints(outOfMoney, concat(badCredential, List.of(fragments)), headers, statuses);
    }

    public ErrorHints withHeader(String header, String value, boolean prefix, Verdict verdict) {
        return new ErrorHints(
                outOfMoney,
                badCredential,
                concat(headers, List.of(new HeaderHint(header, value, prefix, verdict))),
                statuses);
    }

    public ErrorHints withStatus(int status, Verdict verdict) {
        Map<Integer, Verdict> more = new LinkedHashMap<>(statuses);
        more.put(status, verdict);
        return new ErrorHints(outOfMoney, badCredential, headers, more);
    }

    /** Both hints' contents (first ones first, without repeats; a status both name keeps this one's verdict). */
    public ErrorHints and(ErrorHints other) {
        Map<Integer, Verdict> merged = new LinkedHashMap<>(other.statuses);
        merged.putAll(statuses);
        return new ErrorHints(
                concat(outOfMoney, other.outOfMoney),
                concat(badCredential, other.badCredential),
                concat(headers, other.headers),
                merged);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        LinkedHashSet<T> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }
}
