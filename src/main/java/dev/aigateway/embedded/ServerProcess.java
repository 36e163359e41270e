package dev.aigateway.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One embedded server process, tied to this JVM's life: stopped by a shutdown hook on a normal exit, and — on Linux,
 * through {@code setpriv --pdeathsig} — signalled by the kernel when the JVM dies any other way (a killed dev run, a
 * crashed test JVM), so no server outlives its JVM. When the JVM runs as root, the process can run as {@code nobody}
 * (PostgreSQL refuses root).
 */
final class ServerProcess {

    private static final Logger LOG = Logger.getLogger(ServerProcess.class);
    private static final long STOP_WAIT_SECONDS = 10;

    private final String name;
    private final Process process;
    private final String stopSignal;
    private volatile boolean stopping;

    private ServerProcess(String name, Process process, String stopSignal) {
        this.name = name;
        this.process = process;
        this.stopSignal = stopSignal;
    }

    /**
     * Starts {@code command} with its output appended to {@code log}. The process is started from a daemon thread
     * that then waits for it: the kernel's parent-death signal follows the thread that started a process, so that
     * thread must live as long as the JVM does.
     *
     * @param stopSignal how the server is asked to stop ({@code TERM}, or {@code INT} for PostgreSQL's fast shutdown)
     */
    static ServerProcess start(String name, List<String> command, Path log, boolean asNobody, String stopSignal)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(wrap(command, asNobody, stopSignal))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("LC_ALL", "C");
        CompletableFuture<ServerProcess> started = new CompletableFuture<>();
        Thread keeper = new Thread(
                () -> {
                    ServerProcess server;
                    try {
                        server = new ServerProcess(name, builder.start(), stopSignal);
                    } catch (IOException | RuntimeException e) {
                        started.completeExceptionally(e);
                        return;
                    }
                    started.complete(server);
                    server.awaitExit(log);
                },
                "aigateway-embedded-" + name);
        keeper.setDaemon(true);
        keeper.start();
        ServerProcess server = started.join();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "aigateway-embedded-stop-" + name));
        return server;
    }

    /** Runs a one-off command (initdb) to its end; true when it exited 0. */
    static boolean run(List<String> command, Path log, boolean asNobody, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(wrap(command, asNobody, null))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("LC_ALL", "C");
        Process p = builder.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Asks the server to stop, waits for it, and kills it if it takes too long. */
    void stop() {
        stopping = true;
        if (!process.isAlive()) {
            return;
        }
        signal(process.toHandle(), stopSignal);
        try {
            if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A server left running by an earlier JVM that died without stopping it (its pid in {@code pidFile}) is stopped;
     * a stale pid file is removed. A server whose parent is a live JVM belongs to another process: that is an error.
     */
    static void stopOrphan(Path pidFile, String commandName) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<ProcessHandle> handle = readPid(pidFile).flatMap(ProcessHandle::of);
        boolean ours = handle.filter(ProcessHandle::isAlive)
                .flatMap(h -> h.info().command())
                .filter(c -> Path.of(c).getFileName().toString().startsWith(commandName))
                .isPresent();
        if (!ours) {
            Files.deleteIfExists(pidFile);
            return;
        }
        ProcessHandle orphan = handle.get();
        boolean ownedByJvm = orphan.parent()
                .flatMap(p -> p.info().command())
                .filter(c -> Path.of(c).getFileName().toString().equals("java"))
                .isPresent();
        if (ownedByJvm) {
            throw new IllegalStateException(commandName + " (pid " + orphan.pid() + ") already runs on "
                    + pidFile.getParent() + " for another JVM; stop it or set gateway.embedded.data-dir");
        }
        LOG.infof("Stopping %s (pid %d) left running on %s by an earlier run", commandName, orphan.pid(), pidFile);
        signal(orphan, commandName.startsWith("postgres") ? "INT" : "TERM");
        try {
            orphan.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            orphan.destroyForcibly();
        }
        Files.deleteIfExists(pidFile);
    }

    /** True when this JVM runs as root (uid 0). */
    static boolean runningAsRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The uid and gid of the unprivileged user {@code nobody}, from {@code /etc/passwd}. */
    static int[] nobody() throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
            String[] f = line.split(":");
            if (f.length > 3 && f[0].equals("nobody")) {
                return new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])};
            }
        }
        throw new IOException("running as root, and there is no user 'nobody' to run the server as");
    }

    private static List<String> wrap(List<String> command, boolean asNobody, String deathSignal) throws IOException {
        Optional<Path> setpriv = onPath("setpriv");
        List<String> wrapped = new ArrayList<>();
        if (setpriv.isPresent()) {
            wrapped.add(setpriv.get().toString());
            if (asNobody) {
                int[] ids = nobody();
                wrapped.add("--reuid=" + ids[0]);
                wrapped.add("--regid=" + ids[1]);
                wrapped.add("--clear-groups");
            }
            if (deathSignal != null) {
                wrapped.add("--pdeathsig=" + deathSignal);
            }
            wrapped.add("--");
        } else if (asNobody) {
            throw new IOException("running as root: setpriv (util-linux) is needed to run the server as 'nobody'");
        }
        wrapped.addAll(command);
        return wrapped;
    }

    private static Optional<Path> onPath(String binary) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void signal(ProcessHandle process, String signal) {
        if (!"TERM".equals(signal)) {
            try {
                Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                    return;
                }
            } catch (IOException e) {
                // no kill(1): SIGTERM below still stops the server, only more slowly for PostgreSQL
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.destroy();
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void awaitExit(Path log) {
        try {
            int code = process.waitFor();
            if (!stopping) {
                LOG.warnf("Embedded %s exited unexpectedly (code %d); its output is in %s", name, code, log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
