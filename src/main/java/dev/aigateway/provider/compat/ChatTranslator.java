package dev.aigateway.provider.compat;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Translates the unified API's OpenAI Chat Completions shape to one target wire format and back. One implementation
 * per target format, in {@code provider/<vendor>/compat/}; {@link CompatTargets} picks it by the target's
 * {@link dev.aigateway.provider.WireFormat}. Pure functions of their input (plus the clock for {@code created}):
 * nothing here does I/O, so each direction is unit-tested on its own with golden fixtures.
 */
public interface ChatTranslator {

    /**
     * The client's chat request as the target's request body.
     *
     * @param chat the client's body, parsed (not modified)
     * @param model the target's model name (the client's {@code provider/} prefix taken off)
     * @throws CompatRefusal a parameter the target cannot honour (the client gets a 400 in the OpenAI error shape)
     */
    byte[] request(ObjectNode chat, String model);

    /** The target's upstream path (after the provider slug) for a request of this model. */
    String path(String model, boolean stream);

    /** Request headers the target requires, as {@code name, value} pairs, set when the client sent none. */
    default String[] requiredHeaders() {
        return new String[0];
    }

    /** Client headers of the ingress format that mean nothing to the target: not forwarded. */
    default String[] clientOnlyHeaders() {
        return new String[0];
    }

    /**
     * The target's whole JSON answer (2xx) as an OpenAI {@code chat.completion}.
     *
     * @param created the {@code created} second to report
     */
    byte[] response(byte[] body, long created);

    /** A translator for one streamed answer (state per stream). */
    ChatStream stream(boolean includeUsage, long created);

    /**
     * The target's error answer as an OpenAI error object ({@code {"error":{message,type,param,code}}}); a body it
     * cannot read becomes a generic error carrying the status.
     */
    byte[] error(int status, byte[] body);
}
