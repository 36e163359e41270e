package dev.aigateway.usage;

import dev.aigateway.config.GatewayConfig;
import dev.aigateway.provider.Vendors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Model prices and the cost of a response. The catalogue ships as {@code prices/catalogue.json} (our own table, USD
 * per 1M tokens: dated rows, prompt-size tiers that reprice the whole request, separate cache read and write prices);
 * {@code gateway.prices.file} names a file in the same format whose entries come first. A model without a price, or
 * a response without usage, has no cost (null) — never a guess.
 */
@Singleton
public class PriceCatalogue {

    private static final Logger LOG = Logger.getLogger(PriceCatalogue.class);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    /** Snapshot suffixes a listed model name may carry: -2025-08-07, -20250929, @20250929, -latest, -v1:0. */
    private static final Pattern SNAPSHOT =
            Pattern.compile("([-@](\\d{4}-\\d{2}-\\d{2}|\\d{8}|latest))?(-v\\d+(:\\d+)?)?");

    /**
     * One price row: per 1M tokens; null cached / write prices fall back to the input price, a null 1-hour write price
     * to the (5-minute) write price.
     */
    record Price(
            Instant from,
            BigDecimal input,
            BigDecimal cached,
            BigDecimal cacheWrite,
            BigDecimal cacheWrite1h,
            BigDecimal output,
            long aboveInputTokens,
            Price tier) {}

    private record Entry(List<String> providers, List<String> names, List<Price> rows) {}

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Entry> exact = new HashMap<>();

    public PriceCatalogue(GatewayConfig config) {
        config.prices().file().ifPresent(file -> {
            try {
                load(new JsonObject(Files.readString(Path.of(file), StandardCharsets.UTF_8)));
                LOG.infof("Prices: loaded %s (its entries take precedence)", file);
            } catch (IOException e) {
                throw new UncheckedIOException("gateway.prices.file " + file + " cannot be read", e);
            }
        });
        try (InputStream in = PriceCatalogue.class.getResourceAsStream("/prices/catalogue.json")) {
            load(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void load(JsonObject catalogue) {
        JsonArray models = catalogue.getJsonArray("models", new JsonArray());
        for (int i = 0; i < models.size(); i++) {
            JsonObject m = models.getJsonObject(i);
            List<String> providers = strings(m.getJsonArray("providers"));
            List<String> names = strings(m.getJsonArray("match"));
            List<Price> rows = new ArrayList<>();
            JsonArray prices = m.getJsonArray("prices");
            for (int j = 0; j < prices.size(); j++) {
                rows.add(price(prices.getJsonObject(j)));
            }
            rows.sort(Comparator.comparing(Price::from));
            Entry entry = new Entry(providers, names, rows);
            entries.add(entry);
            for (String p : providers) {
                for (String n : names) {
                    exact.putIfAbsent(p + "|" + n, entry); // the override file was loaded first
                }
            }
        }
    }

    private static Price price(JsonObject p) {
        String from = p.getString("from");
        Price tier = null;
        long above = Long.MAX_VALUE;
        JsonArray tiers = p.getJsonArray("tiers");
        if (tiers != null && !tiers.isEmpty()) {
            JsonObject t = tiers.getJsonObject(0);
            above = t.getLong("above_input_tokens");
            tier = new Price(
                    Instant.EPOCH,
                    dec(t, "input"),
                    dec(t, "cached"),
                    dec(t, "cache_write"),
                    dec(t, "cache_write_1h"),
                    dec(t, "output"),
                    Long.MAX_VALUE,
                    null);
        }
        return new Price(
                from == null ? Instant.EPOCH : Instant.parse(from),
                dec(p, "input"),
                dec(p, "cached"),
                dec(p, "cache_write"),
                dec(p, "cache_write_1h"),
                dec(p, "output"),
                above,
                tier);
    }

    private static BigDecimal dec(JsonObject o, String field) {
        Object v = o.getValue(field);
        return v instanceof Number n ? new BigDecimal(n.toString()) : null;
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        if (a != null) {
            a.forEach(v -> out.add(v.toString().toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    /**
     * One listed model's current price, per token (USD).
     *
     * @param since when this price row started (the catalogue's {@code from}; the epoch when it has none)
     */
    public record Listed(
            String provider, String model, BigDecimal inputPerToken, BigDecimal outputPerToken, Instant since) {}

    /** Every listed model name per provider with the price in force at {@code at}, in catalogue order. */
    public List<Listed> listed(Instant at) {
        List<Listed> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Entry entry : entries) {
            Price row = null;
            for (Price p : entry.rows()) {
                if (!p.from().isAfter(at)) {
                    row = p;
                }
            }
            if (row == null || row.input() == null || row.output() == null) {
                continue;
            }
            for (String provider : entry.providers()) {
                for (String name : entry.names()) {
                    if (seen.add(provider + "|" + name)) { // the override file's entry came first
                        out.add(new Listed(
                                provider,
                                name,
                                row.input().divide(MILLION),
                                row.output().divide(MILLION),
                                row.from()));
                    }
                }
            }
        }
        return out;
    }

    /** The price row for a model served by a provider at a time; null when the catalogue has none. */
    Price priceOf(String provider, String model, Instant at) {
        if (provider == null || model == null) {
            return null;
        }
        Entry entry = null;
        for (String name : Vendors.of(provider).pricingNames(model)) {
            entry = find(provider, name);
            if (entry != null) {
                break;
            }
        }
        if (entry == null) {
            return null;
        }
        Price row = null;
        for (Price p : entry.rows()) {
            if (!p.from().isAfter(at)) {
                row = p;
            }
        }
        return row;
    }

    private Entry find(String provider, String model) {
        Entry e = exact.get(provider + "|" + model);
        if (e != null) {
            return e;
        }
        // A dated snapshot of a listed model (the longest listed name wins).
        Entry best = null;
        int bestLength = -1;
        for (Entry entry : entries) {
            if (!entry.providers().contains(provider)) {
                continue;
            }
            for (String name : entry.names()) {
                if (name.length() > bestLength
                        && model.startsWith(name)
                        && SNAPSHOT.matcher(model.substring(name.length())).matches()) {
                    best = entry;
                    bestLength = name.length();
                }
            }
        }
        return best;
    }

    /**
     * A bounded metric label for a model: the catalogue name it matched (snapshots folded into their model), or
     * {@code other}.
     */
    public String modelLabel(String provider, String model) {
        if (provider == null || model == null) {
            return "other";
        }
        String m = Vendors.of(provider).pricingNames(model).get(0);
        Entry entry = find(provider, m);
        if (entry == null) {
            return "other";
        }
        String best = "other";
        for (String name : entry.names()) {
            if (m.startsWith(name) && (best.equals("other") || name.length() > best.length())) {
                best = name;
            }
        }
        return best;
    }

    /** Cost in USD of a response with this usage; null when usage or price is unknown. */
    public BigDecimal cost(String provider, Usage usage, Instant at) {
        if (usage == null) {
            return null;
        }
        Price row = priceOf(provider, usage.model(), at);
        if (row == null) {
            return null;
        }
        Price p = row.tier() != null && usage.input() > row.aboveInputTokens() ? row.tier() : row;
        BigDecimal write = p.cacheWrite() != null ? p.cacheWrite() : p.input();
        long write1h = Math.min(usage.cacheWrite1h(), usage.cacheWrite());
        BigDecimal perMillion = times(usage.uncachedInput(), p.input())
                .add(times(usage.cachedRead(), p.cached() != null ? p.cached() : p.input()))
                .add(times(usage.cacheWrite() - write1h, write))
                .add(times(write1h, p.cacheWrite1h() != null ? p.cacheWrite1h() : write))
                .add(times(usage.output(), p.output()));
        return perMillion.divide(MILLION, MathContext.DECIMAL64).stripTrailingZeros();
    }

    /** Largest amount in nano-dollars the spend limits handle: exact in Redis's Lua numbers (doubles). */
    public static final long MAX_NANOS = 1L << 52;

    /**
     * The most a request can cost, in nano-dollars rounded up: its prompt estimate at the input price (the tier its
     * size falls in) plus its output cap at the output price. -1 when the catalogue has no price for the model.
     * Provider-side cache writes, priced above input by some vendors, are not foreseen: the settlement counts them.
     */
    public long maxCostNanos(String provider, String model, long promptTokens, long outputTokens, Instant at) {
        Price row = priceOf(provider, model, at);
        if (row == null || row.input() == null || row.output() == null) {
            return -1;
        }
        Price p = row.tier() != null && promptTokens > row.aboveInputTokens() ? row.tier() : row;
        if (p.input() == null || p.output() == null) {
            return -1;
        }
        return nanos(times(promptTokens, p.input())
                .add(times(outputTokens, p.output()))
                .divide(MILLION));
    }

    /** {@link #cost} in nano-dollars, rounded up; -1 when usage or price is unknown. */
    public long costNanos(String provider, Usage usage, Instant at) {
        BigDecimal usd = cost(provider, usage, at);
        return usd == null ? -1 : nanos(usd);
    }

    private static long nanos(BigDecimal usd) {
        BigDecimal n = usd.movePointRight(9).setScale(0, java.math.RoundingMode.CEILING);
        return n.compareTo(BigDecimal.valueOf(MAX_NANOS)) > 0 ? MAX_NANOS : Math.max(0, n.longValue());
    }

    private static BigDecimal times(long tokens, BigDecimal price) {
        return price == null ? BigDecimal.ZERO : price.multiply(BigDecimal.valueOf(tokens));
    }
}
