package dev.aigateway.logs;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Logs API's query language (spec §6.3) turned into SQL over {@code request_logs}: {@link LogFilter}s (read from
 * a request by {@link LogFilters}), {@code search} and {@code order_by}/{@code order_by_direction} become a WHERE clause
 * with positional arguments and an ORDER BY. Every value is a bound parameter, checked against its column's type;
 * column names and operators only ever come from the fixed lists here.
 */
public final class LogQuery {

    /** Input plus output tokens; null (matching no token filter) when the row has no usage at all. */
    public static final String TOTAL_TOKENS = "(CASE WHEN tokens_in IS NULL AND tokens_out IS NULL THEN NULL"
            + " ELSE coalesce(tokens_in, 0) + coalesce(tokens_out, 0) END)";

    /** A bad query: answered 400 in the v4 envelope. */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    /** A WHERE clause with its positional ({@code $n}) arguments. */
    public record Where(String sql, List<Object> args) {}

    private enum Type {
        TEXT,
        BOOL,
        NUMBER,
        TIME
    }

    private record Column(String column, Type type) {
        /** Numbers compare as numeric, so a bound decimal fits any numeric column. */
        String sql() {
            return type == Type.NUMBER ? "(" + column + ")::numeric" : column;
        }
    }

    private static final Map<String, Column> COLUMNS = Map.ofEntries(
            Map.entry("id", new Column("id::text", Type.TEXT)),
            Map.entry("created_at", new Column("created_at", Type.TIME)),
            Map.entry("request_content_type", new Column("request_content_type", Type.TEXT)),
            Map.entry("response_content_type", new Column("response_content_type", Type.TEXT)),
            Map.entry("request_type", new Column("request_type", Type.TEXT)),
            Map.entry("model_type", new Column("request_type", Type.TEXT)),
            Map.entry("success", new Column("success", Type.BOOL)),
            Map.entry("cached", new Column("cached", Type.BOOL)),
            Map.entry("provider", new Column("provider", Type.TEXT)),
            Map.entry("model", new Column("model", Type.TEXT)),
            Map.entry("path", new Column("path", Type.TEXT)),
            Map.entry("cost", new Column("cost", Type.NUMBER)),
            Map.entry("tokens", new Column(TOTAL_TOKENS, Type.NUMBER)),
            Map.entry("tokens_in", new Column("tokens_in", Type.NUMBER)),
            Map.entry("tokens_out", new Column("tokens_out", Type.NUMBER)),
            Map.entry("duration", new Column("duration_ms", Type.NUMBER)),
            Map.entry("status_code", new Column("status_code", Type.NUMBER)),
            Map.entry("feedback", new Column("feedback", Type.NUMBER)),
            Map.entry("score", new Column("score", Type.NUMBER)),
            Map.entry("event_id", new Column("event_id", Type.TEXT)),
            Map.entry("user_agent", new Column("user_agent", Type.TEXT)),
            Map.entry("step", new Column("step", Type.NUMBER)),
            Map.entry("error_class", new Column("error_class", Type.TEXT)),
            Map.entry("authentication", new Column("authenticated", Type.BOOL)),
            // Cloudflare filter keys for features this gateway does not have: constant, so filters on them answer
            // what is true here (no unified billing, no /compat mode, no DLP) instead of an error
            Map.entry("wholesale", new Column("false", Type.BOOL)),
            Map.entry("compatibilityMode", new Column("false", Type.BOOL)),
            Map.entry("dlp_action", new Column("NULL::text", Type.TEXT)));

    /** Sort keys of the list; deletes may also sort by cost, tokens, duration, feedback. */
    private static final Map<String, String> ORDER = Map.of(
            "created_at", "created_at",
            "provider", "provider",
            "model", "model",
            "model_type", "request_type",
            "success", "success",
            "cached", "cached");

    private static final Map<String, String> DELETE_ORDER = Map.of(
            "cost", "cost",
            "tokens_in", "tokens_in",
            "tokens_out", "tokens_out",
            "duration", "duration_ms",
            "feedback", "feedback");

    /** Whether {@code key} is a filter key ({@link #COLUMNS} or {@code metadata.key} / {@code metadata.value}). */
    static boolean filterable(String key) {
        return key != null
                && (COLUMNS.containsKey(key)
                        || key.equals("metadata.key")
                        || key.equals("metadata.value")
                        || METADATA_PAIR.matcher(key).matches());
    }

    /**
     * {@code metadata.<name>}: this gateway's filter on one metadata entry (name and value together, where Cloudflare's
     * {@code metadata.key} and {@code metadata.value} test each on its own), answered by the metadata index.
     */
    private static final java.util.regex.Pattern METADATA_PAIR =
            java.util.regex.Pattern.compile("metadata\\.[A-Za-z0-9_.:-]{1,64}");

    /**
     * The metadata index's expression (migration V10, written identically there): the row's metadata with its model
     * and provider as two more entries, so one containment test finds rows by metadata and model or provider.
     */
    static final String FACETS = "(metadata || jsonb_object(ARRAY['aigw:model', coalesce(model, ''),"
            + " 'aigw:provider', coalesce(provider, '')]))";

    /** The WHERE clause for one gateway's rows. */
    public static Where where(String gatewayId, List<LogFilter> filters, String search) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("gateway_id = $1");
        args.add(gatewayId);
        Map<String, String> facets = facets(filters);
        for (LogFilter f : filters) {
            sql.append(" AND ").append(condition(f, facets, args));
        }
        if (search != null && !search.isBlank()) {
            args.add("%" + likeEscape(search.strip()) + "%");
            String p = "$" + args.size();
            sql.append(" AND (model ILIKE ")
                    .append(p)
                    .append(" OR provider ILIKE ")
                    .append(p)
                    .append(" OR path ILIKE ")
                    .append(p)
                    .append(" OR id::text ILIKE ")
                    .append(p)
                    .append(" OR event_id ILIKE ")
                    .append(p)
                    .append(" OR metadata::text ILIKE ")
                    .append(p)
                    .append(')');
        }
        return new Where(sql.toString(), args);
    }

    /**
     * The model and provider a metadata-entry filter can test in the same index lookup: those filtered by one value
     * with {@code eq} (their own conditions stay too).
     */
    private static Map<String, String> facets(List<LogFilter> filters) {
        Map<String, String> facets = new java.util.LinkedHashMap<>();
        for (LogFilter f : filters) {
            if ((f.key().equals("model") || f.key().equals("provider"))
                    && f.operator().equals("eq")
                    && f.values().size() == 1) {
                facets.put("aigw:" + f.key(), f.values().get(0).strip()); // as the column condition reads it
            }
        }
        return facets;
    }

    private static String condition(LogFilter f, Map<String, String> facets, List<Object> args) {
        if (f.key().equals("metadata.key") || f.key().equals("metadata.value")) {
            return metadata(f, args);
        }
        if (f.key().startsWith("metadata.")) {
            return metadataPair(f, facets, args);
        }
        Column c = COLUMNS.get(f.key());
        List<String> parts = new ArrayList<>();
        switch (f.operator()) {
            case "eq", "neq" -> {
                for (String v : f.values()) {
                    String column = bind(c, v, args);
                    parts.add(column + " = $" + args.size());
                }
                String any = "(" + String.join(" OR ", parts) + ")";
                return f.operator().equals("eq") ? any : "(NOT " + any + " OR " + c.column() + " IS NULL)";
            }
            case "contains" -> {
                for (String v : f.values()) {
                    args.add("%" + likeEscape(v) + "%");
                    parts.add(c.sql() + "::text ILIKE $" + args.size());
                }
                return "(" + String.join(" OR ", parts) + ")";
            }
            default -> {
                if (c.type() == Type.TEXT || c.type() == Type.BOOL) {
                    throw new Invalid("Operator " + f.operator() + " needs a number or a date: " + f.key());
                }
                String column = bind(c, f.values().get(0), args);
                String op =
                        switch (f.operator()) {
                            case "lt" -> "<";
                            case "gt" -> ">";
                            case "lte" -> "<=";
                            default -> ">=";
                        };
                return column + " " + op + " $" + args.size();
            }
        }
    }

    /**
     * {@code metadata @> {"name": value}} for each value (as a string, and as the number or boolean it may spell),
     * tested with {@code eq} on {@link #FACETS} together with the model and provider filtered for: the metadata index
     * answers it. (A metadata entry named like a facet is tested on the metadata alone.)
     */
    private static String metadataPair(LogFilter f, Map<String, String> facets, List<Object> args) {
        String name = f.key().substring("metadata.".length());
        boolean indexed = f.operator().equals("eq") && !name.startsWith("aigw:");
        List<String> parts = new ArrayList<>();
        for (String v : f.values()) {
            List<Object> spellings = new ArrayList<>(List.of(v));
            if (v.matches("-?\\d{1,18}")) {
                spellings.add(Long.parseLong(v));
            } else if (v.equals("true") || v.equals("false")) {
                spellings.add(Boolean.parseBoolean(v));
            }
            for (Object value : spellings) {
                io.vertx.core.json.JsonObject wanted = new io.vertx.core.json.JsonObject().put(name, value);
                if (indexed) {
                    facets.forEach(wanted::put);
                }
                args.add(wanted.encode());
                parts.add((indexed ? FACETS : "metadata") + " @> ($" + args.size() + "::text)::jsonb");
            }
        }
        String any = "(" + String.join(" OR ", parts) + ")";
        return switch (f.operator()) {
            case "eq" -> any;
            case "neq" -> "(metadata IS NULL OR NOT " + any + ")";
            default -> throw new Invalid("Operator " + f.operator() + " does not apply to " + printable(f.key()));
        };
    }

    private static String metadata(LogFilter f, List<Object> args) {
        List<String> parts = new ArrayList<>();
        boolean keys = f.key().equals("metadata.key");
        for (String v : f.values()) {
            boolean contains = f.operator().equals("contains");
            args.add(contains ? "%" + likeEscape(v) + "%" : v);
            String p = "$" + args.size();
            String test = keys
                    ? (contains ? "e.key ILIKE " + p : "e.key = " + p)
                    : (contains ? "e.value ILIKE " + p : "e.value = " + p);
            parts.add("EXISTS (SELECT 1 FROM jsonb_each_text(metadata) e WHERE " + test + ")");
        }
        String any = "(" + String.join(" OR ", parts) + ")";
        return switch (f.operator()) {
            case "eq", "contains" -> any;
            case "neq" -> "NOT " + any;
            default -> throw new Invalid("Operator " + f.operator() + " does not apply to " + f.key());
        };
    }

    /**
     * Adds the bound value and returns the column expression to compare it with: whole numbers are bound as
     * {@code bigint} against the bare column (so the {@code (gateway_id, status_code, …)} index stays usable);
     * fractions compare the column cast to numeric.
     */
    private static String bind(Column c, String v, List<Object> args) {
        Object value = value(c, v);
        if (value instanceof BigDecimal d) {
            try {
                args.add(d.longValueExact());
                return c.column();
            } catch (ArithmeticException fraction) {
                args.add(d);
                return c.sql();
            }
        }
        args.add(value);
        return c.column();
    }

    private static Object value(Column c, String v) {
        String s = v.strip();
        try {
            return switch (c.type()) {
                case TEXT -> s;
                case BOOL -> {
                    if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
                        throw new Invalid("Expected true or false: " + printable(v));
                    }
                    yield Boolean.parseBoolean(s.toLowerCase(Locale.ROOT));
                }
                case NUMBER -> new BigDecimal(s);
                case TIME -> time(s);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new Invalid("Invalid value for this filter: " + printable(v));
        }
    }

    private static OffsetDateTime time(String s) {
        if (s.matches("\\d+")) {
            return Instant.ofEpochMilli(Long.parseLong(s)).atOffset(ZoneOffset.UTC);
        }
        if (s.length() == 10) {
            return OffsetDateTime.parse(s + "T00:00:00Z");
        }
        return OffsetDateTime.parse(s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$") ? s : s + "Z");
    }

    /** {@code ORDER BY} (newest first by default), with the id as tie-breaker so pages never overlap. */
    public static String orderBy(String orderBy, String direction, boolean forDelete) {
        String key = orderBy == null || orderBy.isBlank() ? "created_at" : orderBy.strip();
        String column = ORDER.get(key);
        if (column == null && forDelete) {
            column = DELETE_ORDER.get(key);
        }
        if (column == null) {
            throw new Invalid("Unsupported order_by: " + printable(key));
        }
        String dir = direction == null || direction.isBlank()
                ? "desc"
                : direction.strip().toLowerCase(Locale.ROOT);
        if (!dir.equals("asc") && !dir.equals("desc")) {
            throw new Invalid("order_by_direction must be asc or desc");
        }
        return column + " " + dir + " NULLS LAST, id " + dir;
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** A client's text fit for an error message: at most 64 characters, printable ASCII. */
    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 64 ? s.substring(0, 64) : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
