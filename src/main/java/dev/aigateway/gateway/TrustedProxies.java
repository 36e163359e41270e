package dev.aigateway.gateway;

import io.netty.util.NetUtil;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The peers (CIDRs) whose {@code Forwarded} / {@code X-Forwarded-For} headers name the client. The client address is
 * found by walking the forwarding chain from the right, starting at the socket peer: while the address reached is a
 * trusted proxy, the entry it added is believed; the first untrusted address is the client. A header from an
 * untrusted peer is never read, and an entry that is not an IP literal ends the walk (no DNS look-ups).
 */
public final class TrustedProxies {

    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    /** Forwarding entries read at most, so a huge header costs bounded work. */
    private static final int MAX_HOPS = 32;

    private record Cidr(byte[] network, int prefix) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Cidr> cidrs;

    private TrustedProxies(List<Cidr> cidrs) {
        this.cidrs = cidrs;
    }

    /**
     * Parses {@code 10.0.0.0/8}, {@code 192.168.1.7} (a single address), {@code ::1/128}; anything else fails start-up
     * with the setting's name.
     */
    public static TrustedProxies parse(String setting, List<String> values) {
        List<Cidr> cidrs = new ArrayList<>();
        for (String raw : values) {
            String v = raw.strip();
            if (v.isEmpty()) {
                continue;
            }
            int slash = v.indexOf('/');
            byte[] address = literal(slash < 0 ? v : v.substring(0, slash));
            int max = address == null ? 0 : address.length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? max : Integer.parseInt(v.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (address == null || prefix < 0 || prefix > max) {
                throw new IllegalArgumentException(
                        setting + ": '" + v + "' is not an IP address or CIDR (e.g. 10.0.0.0/8, fd00::/8)");
            }
            cidrs.add(new Cidr(address, prefix));
        }
        return cidrs.isEmpty() ? NONE : new TrustedProxies(List.copyOf(cidrs));
    }

    public boolean isEmpty() {
        return cidrs.isEmpty();
    }

    /**
     * The client's address: the socket peer, or, when the peer is a trusted proxy, the rightmost forwarding entry not
     * added by a trusted proxy ({@code Forwarded} when present, else {@code X-Forwarded-For}).
     *
     * @param peer the socket peer's address (may be null)
     */
    public String clientAddress(String peer, MultiMap headers) {
        if (peer == null || cidrs.isEmpty() || !trusted(literal(peer))) {
            return peer;
        }
        List<String> forwarded = headers.getAll("forwarded");
        List<String> chain =
                forwarded.isEmpty() ? forwardedFor(headers.getAll("x-forwarded-for")) : forFields(forwarded);
        String client = peer;
        for (int i = chain.size() - 1; i >= 0 && i >= chain.size() - MAX_HOPS; i--) {
            String hop = chain.get(i);
            byte[] address = literal(hop);
            if (address == null) {
                break; // "unknown", an obfuscated name, garbage: the last proxy's view is all we know
            }
            client = NetUtil.bytesToIpAddress(address);
            if (!trusted(address)) {
                break;
            }
        }
        return client;
    }

    private boolean trusted(byte[] address) {
        if (address == null) {
            return false;
        }
        for (Cidr c : cidrs) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> forwardedFor(List<String> lines) {
        List<String> chain = new ArrayList<>();
        for (String line : lines) {
            for (String part : line.split(",")) {
                chain.add(host(part.strip()));
            }
        }
        return chain;
    }

    /** The {@code for=} parameter of each {@code Forwarded} element (RFC 7239); an element without one is unknown. */
    private static List<String> forFields(List<String> lines) {
        List<String> chain = new ArrayList<>();
        for (String line : lines) {
            for (String element : line.split(",")) {
                String node = "";
                for (String pair : element.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0
                            && pair.substring(0, eq)
                                    .strip()
                                    .toLowerCase(Locale.ROOT)
                                    .equals("for")) {
                        node = pair.substring(eq + 1).strip();
                    }
                }
                if (node.length() >= 2 && node.startsWith("\"") && node.endsWith("\"")) {
                    node = node.substring(1, node.length() - 1);
                }
                chain.add(host(node));
            }
        }
        return chain;
    }

    /** Drops a port and IPv6 brackets: {@code [2001:db8::1]:4711} → {@code 2001:db8::1}, {@code 1.2.3.4:80} → … */
    private static String host(String node) {
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            return close > 0 ? node.substring(1, close) : node;
        }
        int colon = node.indexOf(':');
        return colon > 0 && node.indexOf(':', colon + 1) < 0 ? node.substring(0, colon) : node;
    }

    /** An IP literal's bytes (IPv4-mapped IPv6 as IPv4), or null: never a DNS look-up. */
    private static byte[] literal(String s) {
        byte[] b = s == null || s.isEmpty() ? null : NetUtil.createByteArrayFromIpAddressString(s);
        if (b != null && b.length == 16 && isMappedIpv4(b)) {
            byte[] v4 = new byte[4];
            System.arraycopy(b, 12, v4, 0, 4);
            return v4;
        }
        return b;
    }

    private static boolean isMappedIpv4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
