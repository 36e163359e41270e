package dev.aigateway.logs;

/**
 * One page of a Logs API list: which rows, which page ({@code page} from 1, {@code per_page} up to
 * {@value #MAX_PER_PAGE}) and whether {@code result_info} carries the min/max figures ({@code meta_info}).
 */
public record LogListQuery(LogSelection selection, int page, int perPage, boolean metaInfo) {

    public static final int DEFAULT_PER_PAGE = 20;
    public static final int MAX_PER_PAGE = 100;

    public LogListQuery {
        if (page < 1 || perPage < 1 || perPage > MAX_PER_PAGE) {
            throw new LogQuery.Invalid("page must be at least 1 and per_page between 1 and " + MAX_PER_PAGE);
        }
    }

    /** Rows before this page; a long, since {@code page} may be as large as an int. */
    public long offset() {
        return (long) (page - 1) * perPage;
    }
}
