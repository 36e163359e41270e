package dev.aigateway.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Logs API's query builder without a database: how filters are read from a query string, the WHERE clause and
 * arguments they become, ordering, pagination and its bounds, and that nothing a client sends reaches the SQL text.
 */
class LogQueryTest {

    /** The query's parameters as Vert.x hands them to the resource, and the filters read from them. */
    private static List<LogFilter> filters(String rawQuery) {
        return LogFilters.parse(params(rawQuery), rawQuery);
    }

    private static MultiMap params(String rawQuery) {
        MultiMap params = MultiMap.caseInsensitiveMultiMap();
        new QueryStringDecoder(rawQuery, false).parameters().forEach(params::add);
        return params;
    }

    private static LogQuery.Where where(String rawQuery) {
        return LogQuery.where("gw", filters(rawQuery), params(rawQuery).get("search"));
    }

    private static LogSelection selection(String rawQuery) {
        return LogSelection.of("gw", filters(rawQuery), null, null, null, false);
    }

    // ---- reading filters

    @Test
    void bracketedFiltersKeepTheirValuesAndComeInIndexOrder() {
        assertThat(filters("filters[1][key]=model&filters[1][value][0]=gpt&filters[1][operator]=contains"
                        + "&filters[0][key]=provider&filters[0][operator]=EQ&filters[0][value][0]=openai"
                        + "&filters[0][value][1]=anthropic"))
                .containsExactly(
                        new LogFilter("provider", "eq", List.of("openai", "anthropic")),
                        new LogFilter("model", "contains", List.of("gpt")));
        // no operator means eq; empty brackets append
        assertThat(filters("filters[0][key]=id&filters[0][value][]=abc"))
                .containsExactly(new LogFilter("id", "eq", List.of("abc")));
    }

    @Test
    void jsonFiltersAcceptAnArrayOrOneObjectAndScalarValues() {
        assertThat(filters("filters="
                        + enc("[{\"key\":\"success\",\"operator\":\"eq\",\"value\":[false]},"
                                + "{\"key\":\"status_code\",\"operator\":\"gt\",\"value\":499}]")))
                .containsExactly(
                        new LogFilter("success", "eq", List.of("false")),
                        new LogFilter("status_code", "gt", List.of("499")));
        assertThat(filters("filters=" + enc("{\"key\":\"provider\",\"value\":\"openai\"}")))
                .containsExactly(new LogFilter("provider", "eq", List.of("openai")));
    }

    @Test
    void theSdksDottedFormIsTiedTogetherByOrder() {
        assertThat(filters("filters.key=provider&filters.operator=eq&filters.value=openai&filters.value=anthropic"
                        + "&filters.key=status_code&filters.operator=neq&filters.value=500"))
                .containsExactly(
                        new LogFilter("provider", "eq", List.of("openai", "anthropic")),
                        new LogFilter("status_code", "neq", List.of("500")));
        assertThatThrownBy(() -> filters("filters.operator=eq&filters.key=provider"))
                .isInstanceOf(LogQuery.Invalid.class)
                .hasMessageContaining("must follow filters.key");
        assertThatThrownBy(() -> LogFilters.parse(MultiMap.caseInsensitiveMultiMap(), "filters.key=%zz"))
                .isInstanceOf(LogQuery.Invalid.class)
                .hasMessage("Malformed query string");
    }

    @Test
    void legacyParametersBecomeEqualityAndInclusiveRanges() {
        assertThat(filters("provider=openai&min_cost=0.5&max_cost=2&start_date=2025-01-01&max_total_tokens=14"))
                .containsExactly(
                        new LogFilter("provider", "eq", List.of("openai")),
                        new LogFilter("created_at", "gte", List.of("2025-01-01")),
                        new LogFilter("cost", "gte", List.of("0.5")),
                        new LogFilter("cost", "lte", List.of("2")),
                        new LogFilter("tokens", "lte", List.of("14")));
        assertThat(filters("provider=&success=  ")).isEmpty();
    }

    @Test
    void unknownKeysOperatorsAndMissingValuesAreRefused() {
        assertThatThrownBy(() -> filters("filters[0][key]=nope&filters[0][value][0]=1"))
                .isInstanceOf(LogQuery.Invalid.class)
                .hasMessage("Unsupported filter key: nope");
        assertThatThrownBy(() -> filters("filters[0][key]=model&filters[0][operator]=like&filters[0][value][0]=1"))
                .hasMessage("Unsupported filter operator: like");
        // lte/gte exist only for the legacy ranges
        assertThatThrownBy(() -> filters("filters[0][key]=cost&filters[0][operator]=lte&filters[0][value][0]=1"))
                .hasMessage("Unsupported filter operator: lte");
        assertThatThrownBy(() -> filters("filters[0][key]=model&filters[0][operator]=eq"))
                .hasMessage("Filter model needs a value");
        assertThatThrownBy(() -> filters("filters=" + enc("{not json")))
                .hasMessageContaining("JSON array of {key, operator, value}");
        assertThatThrownBy(() -> filters("filters=" + enc("[1]"))).hasMessageContaining("JSON array");
        assertThatThrownBy(() -> filters("filters=" + enc("[{\"key\":7,\"value\":[1]}]")))
                .isInstanceOf(LogQuery.Invalid.class);
        assertThatThrownBy(() -> filters("filters[99999999999][key]=model&filters[99999999999][value][0]=x"))
                .isInstanceOf(LogQuery.Invalid.class);
    }

    // ---- the WHERE clause

    @Test
    void everyClauseIsScopedToTheGatewayAsTheFirstArgument() {
        LogQuery.Where w = where("");
        assertThat(w.sql()).isEqualTo("gateway_id = $1");
        assertThat(w.args()).containsExactly("gw");
    }

    @Test
    void operatorsBecomeConditionsOverBoundArguments() {
        LogQuery.Where w = where("filters[0][key]=provider&filters[0][operator]=eq&filters[0][value][0]=openai"
                + "&filters[0][value][1]=anthropic&filters[1][key]=model&filters[1][operator]=neq"
                + "&filters[1][value][0]=gpt-4o&filters[2][key]=tokens_in&filters[2][operator]=gt"
                + "&filters[2][value][0]=10&filters[3][key]=cost&filters[3][operator]=lt&filters[3][value][0]=0.25");
        assertThat(w.sql())
                .isEqualTo("gateway_id = $1 AND (provider = $2 OR provider = $3)"
                        + " AND (NOT (model = $4) OR model IS NULL)"
                        + " AND tokens_in > $5"
                        + " AND (cost)::numeric < $6");
        // whole numbers bind as bigint against the bare column (index-friendly), fractions as numeric
        assertThat(w.args()).containsExactly("gw", "openai", "anthropic", "gpt-4o", 10L, new BigDecimal("0.25"));
    }

    @Test
    void containsAndSearchEscapeLikeWildcards() {
        LogQuery.Where w = where("filters[0][key]=path&filters[0][operator]=contains&filters[0][value][0]="
                + enc("50%_off\\") + "&search=" + enc(" a_b "));
        assertThat(w.sql())
                .startsWith("gateway_id = $1 AND (path::text ILIKE $2) AND (model ILIKE $3 OR provider ILIKE $3")
                .endsWith("OR metadata::text ILIKE $3)");
        assertThat(w.args()).containsExactly("gw", "%50\\%\\_off\\\\%", "%a\\_b%");
    }

    @Test
    void valuesAreCheckedAgainstTheirColumnsType() {
        assertThatThrownBy(() -> where("filters[0][key]=tokens_in&filters[0][operator]=gt&filters[0][value][0]=many"))
                .isInstanceOf(LogQuery.Invalid.class)
                .hasMessage("Invalid value for this filter: many");
        assertThatThrownBy(() -> where("filters[0][key]=success&filters[0][value][0]=yes"))
                .hasMessage("Expected true or false: yes");
        assertThatThrownBy(() -> where("filters[0][key]=model&filters[0][operator]=gt&filters[0][value][0]=a"))
                .hasMessage("Operator gt needs a number or a date: model");
        assertThatThrownBy(() -> where("filters[0][key]=created_at&filters[0][operator]=gt&filters[0][value][0]=x"))
                .hasMessage("Invalid value for this filter: x");
        assertThat(where("filters[0][key]=success&filters[0][value][0]=TRUE").args())
                .containsExactly("gw", true);
    }

    @Test
    void datesAreReadAsEpochMillisDaysOrInstantsInUtc() {
        OffsetDateTime day = OffsetDateTime.of(2025, 3, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        for (String v : List.of("1740787200000", "2025-03-01", "2025-03-01T00:00:00", "2025-03-01T01:00:00+01:00")) {
            LogQuery.Where w =
                    where("filters[0][key]=created_at&filters[0][operator]=gt&filters[0][value][0]=" + enc(v));
            assertThat(w.sql()).isEqualTo("gateway_id = $1 AND created_at > $2");
            assertThat(((OffsetDateTime) w.args().get(1)).toInstant()).as(v).isEqualTo(day.toInstant());
        }
    }

    @Test
    void metadataFiltersLookIntoTheEntries() {
        LogQuery.Where w = where("filters="
                + enc("[{\"key\":\"metadata.key\",\"operator\":\"eq\",\"value\":[\"team\"]},"
                        + "{\"key\":\"metadata.value\",\"operator\":\"neq\",\"value\":[\"ads\"]},"
                        + "{\"key\":\"metadata.value\",\"operator\":\"contains\",\"value\":[\"se%\"]}]"));
        assertThat(w.sql())
                .isEqualTo("gateway_id = $1"
                        + " AND (EXISTS (SELECT 1 FROM jsonb_each_text(metadata) e WHERE e.key = $2))"
                        + " AND NOT (EXISTS (SELECT 1 FROM jsonb_each_text(metadata) e WHERE e.value = $3))"
                        + " AND (EXISTS (SELECT 1 FROM jsonb_each_text(metadata) e WHERE e.value ILIKE $4))");
        assertThat(w.args()).containsExactly("gw", "team", "ads", "%se\\%%");
        assertThatThrownBy(() -> where("filters[0][key]=metadata.key&filters[0][operator]=gt&filters[0][value][0]=1"))
                .hasMessage("Operator gt does not apply to metadata.key");
    }

    @Test
    void keysForFeaturesThisGatewayLacksAreConstants() {
        assertThat(where("filters[0][key]=wholesale&filters[0][value][0]=false").sql())
                .isEqualTo("gateway_id = $1 AND (false = $2)");
        assertThat(where("filters[0][key]=dlp_action&filters[0][value][0]=BLOCK")
                        .sql())
                .isEqualTo("gateway_id = $1 AND (NULL::text = $2)");
    }

    // ---- SQL injection: client text is only ever an argument

    @Test
    void injectionThroughValuesStaysInTheArguments() {
        String evil = "x' OR '1'='1'; DROP TABLE request_logs; --";
        LogQuery.Where w = where("filters[0][key]=model&filters[0][value][0]=" + enc(evil)
                + "&filters[1][key]=path&filters[1][operator]=contains&filters[1][value][0]=" + enc(evil)
                + "&filters[2][key]=metadata.value&filters[2][value][0]=" + enc(evil)
                + "&search=" + enc(evil));
        assertThat(w.sql()).doesNotContain("'", "DROP", "--", ";");
        assertThat(w.args()).contains(evil);
        LogQuery.Where gateway = LogQuery.where("g'; DROP TABLE x; --", List.of(), null);
        assertThat(gateway.sql()).isEqualTo("gateway_id = $1");
    }

    @Test
    void injectionThroughKeysOperatorsAndOrderIsRefused() {
        for (String key : List.of("model = model OR 1=1 --", "model)", "id::text", "metadata", "gateway_id")) {
            assertThatThrownBy(() -> filters("filters[0][key]=" + enc(key) + "&filters[0][value][0]=1"))
                    .as(key)
                    .isInstanceOf(LogQuery.Invalid.class)
                    .hasMessageStartingWith("Unsupported filter key");
        }
        assertThatThrownBy(() -> filters(
                        "filters=" + enc("[{\"key\":\"provider\",\"operator\":\"eq; DROP\"," + "\"value\":[1]}]")))
                .hasMessageStartingWith("Unsupported filter operator");
        assertThatThrownBy(() -> LogQuery.orderBy("created_at; DROP TABLE request_logs", null, false))
                .hasMessageStartingWith("Unsupported order_by");
        assertThatThrownBy(() -> LogQuery.orderBy("created_at", "asc, (SELECT 1)", false))
                .hasMessage("order_by_direction must be asc or desc");
        // what is echoed back is cut and printable
        assertThatThrownBy(() ->
                        filters("filters[0][key]=" + enc("k\n\u0000" + "x".repeat(100)) + "&filters[0][value][0]=1"))
                .hasMessage("Unsupported filter key: k??" + "x".repeat(61));
    }

    // ---- ordering

    @Test
    void newestFirstByDefaultWithTheIdAsTieBreaker() {
        assertThat(LogQuery.orderBy(null, null, false)).isEqualTo("created_at desc NULLS LAST, id desc");
        assertThat(LogQuery.orderBy("provider", " ASC ", false)).isEqualTo("provider asc NULLS LAST, id asc");
        assertThat(LogQuery.orderBy("model_type", "desc", false)).isEqualTo("request_type desc NULLS LAST, id desc");
    }

    @Test
    void deletesMaySortByMoreKeysThanLists() {
        assertThatThrownBy(() -> LogQuery.orderBy("cost", null, false)).hasMessage("Unsupported order_by: cost");
        assertThat(LogQuery.orderBy("cost", "asc", true)).isEqualTo("cost asc NULLS LAST, id asc");
        assertThat(LogQuery.orderBy("duration", null, true)).isEqualTo("duration_ms desc NULLS LAST, id desc");
    }

    // ---- statements, pagination and bounds

    @Test
    void aPageBindsLimitAndOffsetAfterTheFilters() {
        LogSelection s = selection("filters[0][key]=provider&filters[0][value][0]=openai&filters[0][value][1]=x");
        LogRepository.Statement list = LogRepository.listStatement(new LogListQuery(s, 3, 20, false));
        assertThat(list.sql())
                .startsWith("SELECT l.id, l.created_at,")
                .endsWith(" FROM request_logs l WHERE gateway_id = $1 AND (provider = $2 OR provider = $3)"
                        + " ORDER BY created_at desc NULLS LAST, id desc LIMIT $4 OFFSET $5");
        assertThat(list.args()).containsExactly("gw", "openai", "x", 20, 40L);
        LogRepository.Statement count = LogRepository.countStatement(new LogListQuery(s, 3, 20, false));
        assertThat(count.sql())
                .isEqualTo("SELECT count(*) AS total FROM request_logs WHERE gateway_id = $1"
                        + " AND (provider = $2 OR provider = $3)");
        assertThat(count.args()).containsExactly("gw", "openai", "x");
        assertThat(LogRepository.countStatement(new LogListQuery(s, 1, 20, true))
                        .sql())
                .contains("min(cost) AS min_cost", "AS max_total_tokens");
    }

    @Test
    void pagesAreBoundedAndTheOffsetNeverOverflows() {
        LogSelection s = selection("");
        assertThat(new LogListQuery(s, 1, 100, false).offset()).isZero();
        assertThat(new LogListQuery(s, Integer.MAX_VALUE, 100, false).offset())
                .isEqualTo((Integer.MAX_VALUE - 1L) * 100);
        assertThatThrownBy(() -> new LogListQuery(s, 0, 20, false)).isInstanceOf(LogQuery.Invalid.class);
        assertThatThrownBy(() -> new LogListQuery(s, 1, 0, false)).isInstanceOf(LogQuery.Invalid.class);
        assertThatThrownBy(() -> new LogListQuery(s, 1, LogListQuery.MAX_PER_PAGE + 1, false))
                .isInstanceOf(LogQuery.Invalid.class);
        assertThatThrownBy(() -> new LogDeleteQuery(s, 0)).isInstanceOf(LogQuery.Invalid.class);
        assertThatThrownBy(() -> new LogDeleteQuery(s, LogDeleteQuery.MAX_LIMIT + 1))
                .isInstanceOf(LogQuery.Invalid.class);
    }

    @Test
    void aDeleteIsBoundedOrderedAndKeepsTheGatewaysCounterRight() {
        LogSelection s = LogSelection.of(
                "gw", filters("filters[0][key]=success&filters[0][value][0]=false"), null, "cost", "asc", true);
        LogRepository.Statement delete = LogRepository.deleteStatement(new LogDeleteQuery(s, 500));
        assertThat(delete.sql())
                .isEqualTo("WITH gone AS (DELETE FROM request_logs WHERE id IN (SELECT id FROM request_logs WHERE"
                        + " gateway_id = $1 AND (success = $2) ORDER BY cost asc NULLS LAST, id asc LIMIT $3)"
                        + " RETURNING 1), counted AS (UPDATE gateway_log_counts SET row_count = greatest(0,"
                        + " row_count - (SELECT count(*) FROM gone)) WHERE gateway_id = $1)"
                        + " SELECT count(*) AS deleted FROM gone");
        assertThat(delete.args()).containsExactly("gw", false, 500);
    }

    @Test
    void annotationsSetOnlyWhatThePatchNames() {
        UUID id = UUID.randomUUID();
        LogRepository.Statement all = LogRepository.annotateStatement(
                "gw", id, LogAnnotations.parse("{\"metadata\":{\"a\":1},\"score\":7,\"feedback\":-1}"));
        assertThat(all.sql())
                .isEqualTo("UPDATE request_logs SET feedback = $3, score = $4, metadata = ($5::text)::jsonb"
                        + " WHERE gateway_id = $1 AND id = $2");
        assertThat(all.args()).containsExactly("gw", id, (short) -1, 7, "{\"a\":1}");
        LogRepository.Statement cleared =
                LogRepository.annotateStatement("gw", id, LogAnnotations.parse("{\"score\":null}"));
        assertThat(cleared.sql()).isEqualTo("UPDATE request_logs SET score = $3 WHERE gateway_id = $1 AND id = $2");
        assertThat(cleared.args()).containsExactly("gw", id, null);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
