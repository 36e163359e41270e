package dev.aigateway.routing;

import dev.aigateway.provider.ErrorHints;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what a provider's error answer means, by status <em>and</em> body (providers.md §3, §8 rules 10–13): 429 is
 * either "slow down" (retry) or "out of money" (fall back, never retry); a 400 may be a bad key; vendors name their
 * errors in headers of their own. What the body and headers say is each vendor's knowledge, handed in as
 * {@link ErrorHints} (from {@code provider/<vendor>/}); the status rules here are plain HTTP.
 */
public final class FailureClassifier {

    private static final Pattern RETRY_DELAY = Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d+(?:\\.\\d+)?)s\"");

    /** Only this much of an error body is inspected. */
    private static final int INSPECT_BYTES = 16 * 1024;

    private FailureClassifier() {}

    /** The kind of an error answer (status ≥ 400), read with these vendor hints. */
    public static UpstreamFailure.Kind classify(int status, MultiMap headers, Buffer body, ErrorHints hints) {
        for (ErrorHints.HeaderHint h : hints.headers()) {
            if (h.verdict() != ErrorHints.Verdict.DO_NOT_RETRY && h.matches(headers.get(h.header()))) {
                return kind(h.verdict());
            }
        }
        UpstreamFailure.Kind kind = byStatus(status, lowerText(body), hints);
        if (kind == UpstreamFailure.Kind.RETRYABLE) {
            for (ErrorHints.HeaderHint h : hints.headers()) {
                if (h.verdict() == ErrorHints.Verdict.DO_NOT_RETRY && h.matches(headers.get(h.header()))) {
                    return UpstreamFailure.Kind.FALLBACK; // the provider's own "do not retry this"
                }
            }
        }
        return kind;
    }

    private static UpstreamFailure.Kind kind(ErrorHints.Verdict verdict) {
        return switch (verdict) {
            case RETRY -> UpstreamFailure.Kind.RETRYABLE;
            case FALL_BACK, DO_NOT_RETRY -> UpstreamFailure.Kind.FALLBACK;
        };
    }

    private static UpstreamFailure.Kind byStatus(int status, String text, ErrorHints hints) {
        ErrorHints.Verdict own = hints.statuses().get(status);
        if (own != null) {
            return kind(own);
        }
        return switch (status) {
            case 408, 409 -> UpstreamFailure.Kind.RETRYABLE;
            case 429 ->
                containsAny(text, hints.outOfMoney()) ? UpstreamFailure.Kind.FALLBACK : UpstreamFailure.Kind.RETRYABLE;
            case 401, 402, 403, 404 -> UpstreamFailure.Kind.FALLBACK;
            case 400 ->
                containsAny(text, hints.badCredential()) || containsAny(text, hints.outOfMoney())
                        ? UpstreamFailure.Kind.FALLBACK
                        : UpstreamFailure.Kind.FINAL;
            default -> status >= 500 ? UpstreamFailure.Kind.RETRYABLE : UpstreamFailure.Kind.FINAL;
        };
    }

    /**
     * How long the provider asked to wait: {@code retry-after-ms}, then {@code retry-after} (seconds or an HTTP
     * date), then a {@code RetryInfo.retryDelay} in the body; -1 when it did not say.
     */
    public static long retryAfterMillis(MultiMap headers, Buffer body, long nowMillis) {
        String ms = headers.get("retry-after-ms");
        if (ms != null) {
            try {
                return Math.max(0, (long) Double.parseDouble(ms.strip()));
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        String after = headers.get("retry-after");
        if (after != null) {
            String v = after.strip();
            try {
                return Math.max(0, (long) (Double.parseDouble(v) * 1000));
            } catch (NumberFormatException e) {
                try {
                    long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant()
                            .toEpochMilli();
                    return Math.max(0, at - nowMillis);
                } catch (DateTimeParseException ignored) {
                    // unreadable: as if absent
                }
            }
        }
        if (body != null && body.length() > 0) {
            Matcher m = RETRY_DELAY.matcher(text(body));
            if (m.find()) {
                return (long) (Double.parseDouble(m.group(1)) * 1000);
            }
        }
        return -1;
    }

    private static boolean containsAny(String text, List<String> needles) {
        for (String n : needles) {
            if (text.contains(n)) {
                return true;
            }
        }
        return false;
    }

    private static String text(Buffer body) {
        if (body == null) {
            return "";
        }
        return body.getString(0, Math.min(body.length(), INSPECT_BYTES), StandardCharsets.UTF_8.name());
    }

    private static String lowerText(Buffer body) {
        return text(body).toLowerCase(Locale.ROOT);
    }
}
