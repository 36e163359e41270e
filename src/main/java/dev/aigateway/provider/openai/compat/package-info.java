/**
 * The unified API's OpenAI Responses ingress ({@code …/compat/responses}) to targets that only speak OpenAI Chat
 * Completions: {@link dev.aigateway.provider.openai.compat.ResponsesOverChatTranslator} turns a stateless Responses
 * request into a Chat request and the Chat answer (JSON or stream) back into a Responses object or event stream. A
 * target in another format (Anthropic, Gemini, Vertex AI) is reached through the OpenAI Chat shape, composed with that
 * target's Chat translator ({@link dev.aigateway.provider.compat.ComposedTranslator}).
 */
package dev.aigateway.provider.openai.compat;
