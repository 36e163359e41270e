package dev.aigateway.admin;

import java.util.Locale;

/** How the Logs API labels a stored body: its content type was chosen by a client or a provider, never trusted. */
final class StoredBodies {

    private static final String BINARY = "application/octet-stream";

    private StoredBodies() {}

    /**
     * The stored type when it is JSON ({@code application/json} or {@code +json}), an event stream or plain text,
     * reduced to its media type and charset; else {@code application/octet-stream}.
     */
    static String safeType(String stored) {
        if (stored == null) {
            return BINARY;
        }
        String[] parts = stored.split(";");
        String media = parts[0].strip().toLowerCase(Locale.ROOT);
        boolean safe = media.equals("application/json")
                || (media.startsWith("application/") && media.endsWith("+json") && media.indexOf(' ') < 0)
                || media.equals("text/event-stream")
                || media.equals("text/plain")
                || media.equals("application/x-ndjson");
        if (!safe || !media.matches("[a-z0-9.+/-]+")) {
            return BINARY;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip().toLowerCase(Locale.ROOT);
            if (p.matches("charset=\"?[a-z0-9_-]{1,32}\"?")) {
                return media + "; " + p;
            }
        }
        return media;
    }
}
