/** The unified API's translators to Cohere: OpenAI embeddings ⇄ Cohere v2 embed. */
package dev.aigateway.provider.cohere.compat;
