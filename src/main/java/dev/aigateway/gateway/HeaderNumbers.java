package dev.aigateway.gateway;

import java.util.OptionalLong;

/**
 * Whole numbers in {@code cf-aig-*} request headers: decimal digits (an optional {@code +}), surrounding spaces
 * ignored. A number too large for a {@code long} is clamped to {@link Long#MAX_VALUE} (the caller then clamps it to its
 * own maximum), never read as an error or a wrapped value; negative or unreadable values are absent.
 */
public final class HeaderNumbers {

    private HeaderNumbers() {}

    /** The non-negative number in {@code value}, saturated at {@link Long#MAX_VALUE}; empty when absent or invalid. */
    public static OptionalLong nonNegative(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        String s = value.strip();
        int start = s.startsWith("+") ? 1 : 0;
        if (start == s.length() || s.length() - start > 10_000) {
            return OptionalLong.empty();
        }
        long n = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
            int digit = c - '0';
            n = n > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : n * 10 + digit;
        }
        return OptionalLong.of(n);
    }
}
