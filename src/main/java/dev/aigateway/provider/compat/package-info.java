/**
 * The seam between the unified API and the vendors: the translator interfaces
 * ({@link dev.aigateway.provider.compat.ChatTranslator}, {@link dev.aigateway.provider.compat.ChatStream}), the
 * refusal a translator throws for a parameter its target cannot honour, and the OpenAI Chat shapes every translator
 * answers in. Implementations live in {@code provider/<vendor>/compat/}; {@link dev.aigateway.provider.ChatTargets}
 * registers them by wire format. Imports nothing of ours outside this package.
 */
package dev.aigateway.provider.compat;
