/**
 * OpenAI Chat Completions ⇄ Anthropic Messages for the unified API: the request ({@link
 * dev.aigateway.provider.anthropic.compat.AnthropicChatRequest}), the answer and errors ({@link
 * dev.aigateway.provider.anthropic.compat.AnthropicChatResponse}) and the stream, event by event ({@link
 * dev.aigateway.provider.anthropic.compat.AnthropicChatStream}). Pure functions; golden fixtures in {@code
 * src/test/resources/compat/anthropic/}.
 */
package dev.aigateway.provider.anthropic.compat;
