package dev.aigateway.request;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * The few top-level fields of a JSON request body the gateway decides on (cacheability, coalescing, token
 * reservations, the log row's model), read once per held body with a streaming parser that skips everything else, and
 * handed to the cache, the limiter and the log. Not JSON, or not an object: all fields absent.
 *
 * @param model the first string {@code model} field; null when absent
 * @param stream {@code "stream": true}
 * @param maxOutputTokens {@code max_tokens}, {@code max_completion_tokens}, {@code max_output_tokens} or
 *     generateContent's {@code generationConfig.maxOutputTokens}; -1 when absent, {@link #INVALID} when not a whole number >= 0
 *     (a string, a fraction, 1e30, negative); saturated at {@link Long#MAX_VALUE}
 * @param n the number of choices asked for, {@code n} (1 when absent)
 * @param temperature -1 when absent
 * @param stateful the request continues or creates server-side state ({@code previous_response_id},
 *     {@code conversation}, {@code background: true})
 */
public record BodyFacts(
        String model, boolean stream, long maxOutputTokens, int n, double temperature, boolean stateful) {

    public static final BodyFacts NONE = new BodyFacts(null, false, -1, 1, -1, false);

    /** {@link #maxOutputTokens()} of a body whose output cap is not a whole number >= 0. */
    public static final long INVALID = -2;

    private static final JsonFactory JSON = new JsonFactory();

    public static BodyFacts of(Buffer body) {
        if (body == null || body.length() == 0) {
            return NONE;
        }
        String model = null;
        boolean stream = false;
        long maxOutput = -1;
        int n = 1;
        double temperature = -1;
        boolean stateful = false;
        try (JsonParser p = JSON.createParser(body.getBytes())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NONE;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "model" -> {
                        if (model == null && value == JsonToken.VALUE_STRING) {
                            model = p.getText();
                        }
                    }
                    case "stream" -> stream = value == JsonToken.VALUE_TRUE;
                    case "max_tokens", "max_completion_tokens", "max_output_tokens" ->
                        maxOutput = larger(maxOutput, outputCap(p, value));
                    case "generationConfig" -> maxOutput = larger(maxOutput, generationConfigMaxOutput(p, value));
                    case "n" -> {
                        if (value == JsonToken.VALUE_NUMBER_INT) {
                            n = p.getIntValue();
                        }
                    }
                    case "temperature" -> {
                        if (value.isNumeric()) {
                            temperature = p.getDoubleValue();
                        }
                    }
                    case "previous_response_id", "conversation" -> stateful |= value != JsonToken.VALUE_NULL;
                    case "background" -> stateful |= value == JsonToken.VALUE_TRUE;
                    default -> {
                        // not needed
                    }
                }
                p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
        return new BodyFacts(model, stream, maxOutput, n, temperature, stateful);
    }

    private static long generationConfigMaxOutput(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            return -1;
        }
        long max = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("maxOutputTokens")) {
                max = outputCap(p, v);
            }
            p.skipChildren();
        }
        return max;
    }

    /** A whole number >= 0 (saturated at {@link Long#MAX_VALUE}); -1 for null; {@link #INVALID} for anything else. */
    private static long outputCap(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return -1;
        }
        if (value != JsonToken.VALUE_NUMBER_INT) {
            return INVALID;
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return p.getBigIntegerValue().signum() < 0 ? INVALID : Long.MAX_VALUE;
        }
        long v = p.getLongValue();
        return v < 0 ? INVALID : v;
    }

    private static long larger(long a, long b) {
        return a == INVALID || b == INVALID ? INVALID : Math.max(a, b);
    }

    /** Several sampled answers at a non-zero temperature differ on purpose: caching them would freeze one draw. */
    public boolean sampledMany() {
        return n > 1 && temperature != 0;
    }
}
