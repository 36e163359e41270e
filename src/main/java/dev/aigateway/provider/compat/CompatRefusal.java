package dev.aigateway.provider.compat;

/**
 * A unified-API request the target cannot honour ({@code n>1}, {@code logprobs} on a target without them, a malformed
 * message): the client gets a 400 in its own (OpenAI) error shape, never a silent drop.
 */
public final class CompatRefusal extends RuntimeException {

    private final String param;

    public CompatRefusal(String message, String param) {
        super(message, null, false, false);
        this.param = param;
    }

    /** The request parameter at fault, or null. */
    public String param() {
        return param;
    }
}
