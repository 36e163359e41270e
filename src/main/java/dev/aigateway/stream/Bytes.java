package dev.aigateway.stream;

/** Searching byte arrays, for code that reads streams without decoding them. */
public final class Bytes {

    private Bytes() {}

    /** Index of the first {@code needle} in {@code hay[from, to)}, or -1. */
    public static int indexOf(byte[] hay, int from, int to, byte[] needle) {
        if (needle.length == 0) {
            return from <= to ? from : -1;
        }
        byte first = needle[0];
        int last = to - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (hay[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
