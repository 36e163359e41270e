/**
 * The unified API ({@code …/compat/…}): one client format to every provider, with no vendor named here.
 *
 * <p>{@link dev.aigateway.compat.UnifiedChat} reads a chat request's {@code {provider}/{model}} name and asks
 * {@link dev.aigateway.provider.ChatTargets} how that provider is reached: either it speaks the client's format (an
 * OpenAI-compatible provider: the body goes up byte for byte but for its {@code model} value, {@link
 * dev.aigateway.compat.ModelSwap}), or a {@link dev.aigateway.provider.compat.ChatTranslator} keyed by the target's
 * {@link dev.aigateway.provider.WireFormat} translates the request, the answer, the stream and the errors. The
 * proxy then runs the call like any other (auth, cache, limits, retries, logs); {@link
 * dev.aigateway.compat.ResponseTranslation} is the relay's hook that turns what the provider sends into what the client
 * gets, chunk by chunk, while the usage read and the stream scan keep watching the provider's own bytes (so the log's
 * usage is the provider's).
 *
 * <p><b>Per-pair translators rather than one internal model.</b> Each translator goes directly from the client's
 * format to one target's (OpenAI Chat → Anthropic Messages, …) and back. A neutral internal model would need to carry
 * every field of every format (Anthropic thinking signatures and redacted blocks, {@code cache_control} on any block,
 * Gemini thought signatures, per-vendor usage details) or lose them, and it would add a second conversion (and a second
 * object graph) to every request and every stream event. Per-pair code keeps each mapping readable against the two
 * vendors' documents, lets a pair be exact about what it cannot carry (a 400 naming the parameter, never a silent
 * drop), and is tested pair by pair with golden fixtures. The price, N×M pairs, is bounded: the ingress formats are
 * few (OpenAI Chat now; Anthropic Messages and Responses later) and OpenAI-compatible targets need no translator.
 * A pair without a translator of its own (Anthropic Messages in, Gemini upstream) is served by composing two pairs
 * through the OpenAI Chat shape ({@link dev.aigateway.provider.compat.ComposedTranslator}): it carries what both carry,
 * and a dedicated pair replaces it where that is not enough. Shared shapes (OpenAI errors, chunks) live in {@link
 * dev.aigateway.provider.compat.OpenAiShapes}.
 */
package dev.aigateway.compat;
