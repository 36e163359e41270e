package dev.aigateway.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Optional;

/** The host and port a configured Redis or PostgreSQL URL points at, and whether something answers there. */
public record ServiceAddress(String host, int port) {

    /** How long a start-up probe waits for a TCP connection (dev and test profiles only). */
    static final int PROBE_TIMEOUT_MS = 300;

    /** The first host of {@code quarkus.redis.hosts} ({@code redis://[user:pass@]host[:port][/db]}); empty for others. */
    public static Optional<ServiceAddress> ofRedis(String hosts) {
        if (hosts == null || hosts.isBlank()) {
            return Optional.empty();
        }
        String first = hosts.split(",")[0].trim();
        return parse(first, "redis", 6379);
    }

    /** The host of a reactive ({@code [vertx-reactive:]postgresql://host:port/db}) or JDBC PostgreSQL URL. */
    public static Optional<ServiceAddress> ofPostgres(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return parse(stripScheme(url), "postgresql", 5432);
    }

    /** The database a reactive or JDBC PostgreSQL URL names, or {@code fallback} when it names none. */
    public static String database(String url, String fallback) {
        if (url == null) {
            return fallback;
        }
        try {
            String path = URI.create(stripScheme(url)).getPath();
            return path == null || path.length() <= 1 ? fallback : path.substring(1);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    /** True when a TCP connection to this address opens within {@link #PROBE_TIMEOUT_MS}. */
    public boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MS);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }

    private static String stripScheme(String url) {
        String u = url.trim();
        for (String prefix : new String[] {"jdbc:", "vertx-reactive:"}) {
            if (u.startsWith(prefix)) {
                u = u.substring(prefix.length());
            }
        }
        return u.startsWith("postgres://") ? "postgresql://" + u.substring("postgres://".length()) : u;
    }

    private static Optional<ServiceAddress> parse(String url, String scheme, int defaultPort) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || !uri.getScheme().startsWith(scheme) || uri.getHost() == null) {
                return Optional.empty(); // unix sockets, several hosts in one URL, other schemes: left as configured
            }
            return Optional.of(new ServiceAddress(uri.getHost(), uri.getPort() < 0 ? defaultPort : uri.getPort()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
