package dev.aigateway.routing;

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
 * either "slow down" (retry) or "out of money" (fall back, never retry); a bad Gemini key is a 400; Anthropic's 529 is
 * "overloaded"; Bedrock names the error in {@code x-amzn-errortype}.
 */
public final class FailureClassifier {

    /** Bodies that say the account cannot pay or has used its quota: retrying the same account never helps. */
    private static final List<String> OUT_OF_MONEY = List.of(
            "insufficient_quota",
            "credit_balance",
            "spend_limit",
            "billing_error",
            "billing_hard_limit",
            "exceeded your current quota",
            "servicequotaexceeded",
            "perday",
            "per_day",
            "requests per day");

    private static final List<String> BAD_CREDENTIAL = List.of("api_key_invalid", "permission_denied");

    private static final Pattern GOOGLE_RETRY_DELAY = Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d+(?:\\.\\d+)?)s\"");

    /** Only this much of an error body is inspected. */
    private static final int INSPECT_BYTES = 16 * 1024;

    private FailureClassifier() {}

    /** The kind of an error answer (status ≥ 400). */
    public static UpstreamFailure.Kind classify(int status, MultiMap headers, Buffer body) {
        String text = lowerText(body);
        String amznType = headers.get("x-amzn-errortype");
        String amzn = amznType == null ? "" : amznType.toLowerCase(Locale.ROOT);
        UpstreamFailure.Kind kind = byStatus(status, text, amzn);
        if (kind == UpstreamFailure.Kind.RETRYABLE && "false".equalsIgnoreCase(headers.get("x-should-retry"))) {
            return UpstreamFailure.Kind.FALLBACK; // OpenAI's own "do not retry this"
        }
        return kind;
    }

    private static UpstreamFailure.Kind byStatus(int status, String text, String amzn) {
        if (amzn.startsWith("servicequotaexceeded")) {
            return UpstreamFailure.Kind.FALLBACK;
        }
        if (amzn.startsWith("throttling") || amzn.startsWith("modelnotready") || amzn.startsWith("modeltimeout")) {
            return UpstreamFailure.Kind.RETRYABLE;
        }
        return switch (status) {
            case 408, 409 -> UpstreamFailure.Kind.RETRYABLE;
            case 429 ->
                containsAny(text, OUT_OF_MONEY) ? UpstreamFailure.Kind.FALLBACK : UpstreamFailure.Kind.RETRYABLE;
            case 401, 402, 403, 404 -> UpstreamFailure.Kind.FALLBACK;
            case 400 ->
                containsAny(text, BAD_CREDENTIAL) || containsAny(text, OUT_OF_MONEY)
                        ? UpstreamFailure.Kind.FALLBACK
                        : UpstreamFailure.Kind.FINAL;
            case 424 -> UpstreamFailure.Kind.RETRYABLE; // Bedrock ModelError
            default -> status >= 500 ? UpstreamFailure.Kind.RETRYABLE : UpstreamFailure.Kind.FINAL;
        };
    }

    /**
     * How long the provider asked to wait: {@code retry-after-ms}, then {@code retry-after} (seconds or an HTTP
     * date), then Google's {@code RetryInfo.retryDelay} in the body; -1 when it did not say.
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
            Matcher m = GOOGLE_RETRY_DELAY.matcher(text(body));
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
