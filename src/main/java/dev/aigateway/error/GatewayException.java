package dev.aigateway.error;

/** A request the gateway answers itself, in the error envelope, without calling (or after failing to call) a provider. */
public final class GatewayException extends RuntimeException {

    private final GatewayError error;

    public GatewayException(GatewayError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public GatewayError error() {
        return error;
    }
}
