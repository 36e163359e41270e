package dev.aigateway.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Node SDK checks' set-up: the npm packages pinned in {@code src/test/node/package.json}, installed with {@code
 * npm ci} when one is missing. Without Node, or when the npm registry cannot be reached, a check skips saying why —
 * except under {@code .ci/run}'s main run, which installs Node and sets {@code REQUIRE_SDK_CHECKS}, so there it cannot
 * silently skip.
 */
final class NodeSdk {

    static final Path DIR = Path.of("src/test/node");

    private NodeSdk() {}

    /** The {@code node} executable, with {@code module} installed; aborts the test (or fails under CI) otherwise. */
    static String require(String module, String check) throws Exception {
        String why = "Node is not installed";
        if (!Files.isDirectory(DIR.resolve("node_modules/" + module)) && which("npm") != null) {
            File npmLog = File.createTempFile("npm-ci", ".log");
            Process install = new ProcessBuilder(which("npm"), "ci", "--no-audit", "--no-fund")
                    .directory(DIR.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(npmLog)
                    .start();
            if (!install.waitFor(180, TimeUnit.SECONDS)) {
                install.destroyForcibly();
            }
            // e.g. no network (CI's offline run): the npm registry cannot be reached
            why = "npm ci could not install the SDK (is the npm registry reachable?): "
                    + Files.readString(npmLog.toPath())
                            .lines()
                            .filter(l -> l.contains("ERR"))
                            .findFirst()
                            .orElse("");
        }
        boolean ready = Files.isDirectory(DIR.resolve("node_modules/" + module)) && which("node") != null;
        if (!ready) {
            assertThat(System.getenv("REQUIRE_SDK_CHECKS"))
                    .as("REQUIRE_SDK_CHECKS is set but the " + check + " cannot run: " + why)
                    .isNull();
            Assumptions.abort(check + " skipped: " + why + " (npm ci --prefix src/test/node)");
        }
        return which("node");
    }

    static String which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, program);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }
}
