package dev.aigateway.embedded;

import io.smallrye.config.ConfigSourceContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * In dev mode without {@code gateway.admin.tokens}, an admin token of the developer's own: generated once, kept in
 * the dev data directory (the same token after a restart) and printed at start-up, so the Logs and management APIs
 * can be tried at once. Never used in another profile.
 */
final class DevAdminToken {

    private static final Logger LOG = Logger.getLogger(DevAdminToken.class);

    private DevAdminToken() {}

    static void supply(ConfigSourceContext context, Path dataDir, Map<String, String> overrides) {
        if (EmbeddedConfigSourceFactory.value(context, "gateway.admin.tokens", null) != null) {
            return;
        }
        Path file = dataDir.resolve("admin-token");
        String token;
        try {
            token = readOrCreate(file);
        } catch (IOException e) {
            LOG.warnf("No dev admin token (%s): set gateway.admin.tokens to use the Logs and management APIs", e);
            return;
        }
        overrides.put("gateway.admin.tokens", token);
        String port = EmbeddedConfigSourceFactory.value(context, "quarkus.http.port", "8080");
        EmbeddedConfigSourceFactory.logOnce(
                "admin-token",
                "Dev admin token (gateway.admin.tokens is not set; kept in %s): %s%n    curl -H 'Authorization:"
                        + " Bearer %s' http://localhost:%s/client/v4/accounts/dev/ai-gateway/gateways",
                file,
                token,
                token,
                port);
    }

    private static String readOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String existing = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!existing.isEmpty()) {
                return existing;
            }
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = "dev-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "admin-token", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file keeps the directory's permissions
        }
        Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return token;
    }
}
