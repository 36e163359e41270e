package dev.aigateway.logs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** One row of {@code request_logs}: a proxied request (or one attempt of a fallback chain). */
@Entity
@Table(name = "request_logs")
public class RequestLogEntity {

    @Id
    public UUID id;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "gateway_id", nullable = false)
    public String gatewayId;

    @Column(nullable = false)
    public String provider;

    public String model;

    // the column types as Flyway created them, so that Hibernate's schema check (dev mode) agrees with the schema
    @Column(nullable = false, columnDefinition = "text")
    public String path;

    @Column(name = "request_type")
    public String requestType;

    public boolean success;

    @Column(name = "status_code")
    public int statusCode;

    public boolean cached;

    @Column(name = "duration_ms")
    public int durationMs;

    @Column(name = "ttfb_ms")
    public Integer ttfbMs;

    @Column(name = "tokens_in")
    public Long tokensIn;

    @Column(name = "tokens_out")
    public Long tokensOut;

    @Column(name = "cached_tokens")
    public Long cachedTokens;

    @Column(name = "cache_write_tokens")
    public Long cacheWriteTokens;

    @Column(name = "reasoning_tokens")
    public Long reasoningTokens;

    public BigDecimal cost;

    @Column(name = "custom_cost")
    public boolean customCost;

    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "(?::text)::jsonb")
    public String metadata;

    @Column(name = "request_content_type")
    public String requestContentType;

    @Column(name = "response_content_type")
    public String responseContentType;

    public Integer step;

    public Integer attempt;

    @Column(name = "event_id")
    public String eventId;

    public boolean truncated;

    @Column(name = "user_agent")
    public String userAgent;

    @Column(name = "error_class")
    public String errorClass;

    @Column(name = "authenticated")
    public boolean authenticated;

    /** The unified API's ingress format ({@code openai.chat}); null for provider-native requests. */
    @Column(name = "ingress_format")
    public String ingressFormat;

    /** The dynamic route, its deployed version and the model element of the attempt; null otherwise. */
    @Column(name = "route")
    public String route;

    @Column(name = "route_version")
    public String routeVersion;

    @Column(name = "route_node")
    public String routeNode;
    /** {@code exact} or {@code semantic} (a cache hit), {@code shadow} (a semantic would-hit); null otherwise. */
    @Column(name = "cache_kind")
    public String cacheKind;

    /** The semantic lookup's nearest cosine similarity; null when it did not look or found nothing. */
    @Column(name = "cache_similarity")
    public Double cacheSimilarity;

    /** The stored-key alias or deployment a balanced attempt used (never the key); null otherwise. */
    @Column(name = "key_alias")
    public String keyAlias;

    @Column(name = "usage_raw", columnDefinition = "jsonb")
    @ColumnTransformer(write = "(?::text)::jsonb")
    public String usageRaw;

    public Short feedback;

    public Integer score;

    @Column(name = "request_size")
    public Long requestSize;

    @Column(name = "response_size")
    public Long responseSize;

    @Column(name = "payload_stored")
    public boolean payloadStored;
}
