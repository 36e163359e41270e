package dev.aigateway.embedded;

import java.io.IOException;
import java.net.ServerSocket;

/** A loopback port nothing listens on: one the OS handed out and took back. */
final class DeadPort {

    private DeadPort() {}

    static int get() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
