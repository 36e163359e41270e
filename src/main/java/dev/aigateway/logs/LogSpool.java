package dev.aigateway.logs;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Request-log rows kept on local disk while the writer cannot keep up (a load above what PostgreSQL takes in, or
 * PostgreSQL down), so that neither memory nor the row count gives way: the writer spills whole built batches here
 * when its queue runs high and writes them to PostgreSQL, oldest first, when the queue is low again. Bounded in bytes
 * ({@code gateway.logs.spool-max-bytes}); a full spool refuses and the writer keeps the batch in memory as before.
 *
 * <p>One file per batch ({@code <sequence>.rows}, {@link LogSpoolCodec}), written to a temporary name and renamed, so a
 * file is whole or absent; a file is deleted once its rows are committed. Files left by an earlier process (a crash,
 * a restart) are written at the next start, their rows checked against the table first (a batch may have been
 * committed just before the process died). The directory holds request and response bodies: it is created
 * owner-only, and one process uses it at a time (a lock file; a second gateway on the same directory runs without a
 * spool and says so). File work is blocking: the writer calls it on worker threads, never an event loop.
 */
final class LogSpool {

    private static final Logger LOG = Logger.getLogger(LogSpool.class);
    private static final String SUFFIX = ".rows";

    /** One spooled batch: its file, its bytes and rows; {@code earlier}: left by another process, or partly written. */
    static final class Segment {
        final long seq;
        final Path file;
        final long bytes;
        final int rows;
        volatile boolean again;

        Segment(long seq, Path file, long bytes, int rows, boolean again) {
            this.seq = seq;
            this.file = file;
            this.bytes = bytes;
            this.rows = rows;
            this.again = again;
        }
    }

    private final Path dir;
    private final long maxBytes;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong nextSeq = new AtomicLong();
    private volatile boolean full;
    /** After a failed write (disk full or failing), no spill before this time. */
    private volatile long refusedUntil;

    private LogSpool(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** A spool that keeps nothing. */
    static LogSpool disabled() {
        return new LogSpool(null, 0);
    }

    /**
     * The spool in {@code dir}, with the files an earlier process left; a disabled one (said in the log) when the
     * directory cannot be used or another process holds it.
     */
    static LogSpool open(Path dir, long maxBytes) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                ownerOnly(dir, "rwx------");
            }
            FileChannel lockFile =
                    FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = lockFile.tryLock();
            if (lock == null) {
                lockFile.close();
                LOG.warnf("Request-log spool %s is in use by another process: this gateway runs without one", dir);
                return disabled();
            }
            // the lock is held until the process ends (the channel is never closed)
            LogSpool spool = new LogSpool(dir, maxBytes);
            spool.load();
            return spool;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Request-log spool %s cannot be used (%s): this gateway runs without one", dir, e.toString());
            return disabled();
        }
    }

    private void load() throws IOException {
        long last = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(f); // a batch whose spill did not finish: still in that process' memory
                } else if (name.endsWith(SUFFIX)) {
                    long seq = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
                    int n = rowsIn(f);
                    if (n < 0) {
                        continue; // another format: set aside
                    }
                    add(new Segment(seq, f, Files.size(f), n, true));
                    last = Math.max(last, seq);
                }
            }
        }
        nextSeq.set(last + 1);
        if (!segments.isEmpty()) {
            LOG.infof("Request-log spool %s: %d rows left by an earlier run will be written", dir, rows.get());
        }
    }

    private static int rowsIn(Path f) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(f))) {
            int version = in.readInt();
            if (version != LogSpoolCodec.VERSION) {
                Files.move(f, f.resolveSibling(f.getFileName() + ".v" + version), StandardCopyOption.ATOMIC_MOVE);
                LOG.warnf(
                        "Request-log spool file %s is of format %d (this gateway reads %d): set aside",
                        f, version, LogSpoolCodec.VERSION);
                return -1;
            }
            return in.readInt();
        }
    }

    boolean enabled() {
        return dir != null;
    }

    /** Room for another batch (false while disabled, or since an append was refused until a file is deleted). */
    boolean accepts() {
        return dir != null && !full && System.currentTimeMillis() >= refusedUntil;
    }

    /** Blocking. Keeps {@code batch} on disk; false when that would take the spool over its bound. */
    boolean append(List<LogRow> batch) throws IOException {
        return append(batch, false);
    }

    /**
     * As {@link #append(List)}, for a batch that may be partly written already ({@code again}: a failed transaction
     * may have committed after all): its rows are checked against the table before they are written.
     */
    boolean append(List<LogRow> batch, boolean again) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(512 * batch.size());
        try (DataOutputStream out = new DataOutputStream(buf)) {
            LogSpoolCodec.write(out, batch);
        }
        if (bytes.get() + buf.size() > maxBytes) {
            full = true;
            return false;
        }
        long seq = nextSeq.getAndIncrement();
        Path tmp = dir.resolve(seq + ".tmp");
        Path file = dir.resolve(seq + SUFFIX);
        try {
            try {
                Files.createFile(
                        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(tmp);
            }
            try (OutputStream out = Files.newOutputStream(tmp)) {
                buf.writeTo(out); // no copy of the batch's bytes
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            refusedUntil = System.currentTimeMillis() + 10_000;
            Files.deleteIfExists(tmp);
            throw e;
        }
        add(new Segment(seq, file, buf.size(), batch.size(), again));
        return true;
    }

    /** The oldest spooled batch, or null. */
    Segment oldest() {
        Map.Entry<Long, Segment> first = segments.firstEntry();
        return first == null ? null : first.getValue();
    }

    /** Blocking. The batch's rows; an unreadable file is set aside ({@code .unreadable}) and null returned. */
    List<LogRow> read(Segment s) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(s.file), 64 * 1024)) {
            return LogSpoolCodec.read(new DataInputStream(in));
        } catch (IOException | RuntimeException e) {
            LOG.errorf(
                    "Request-log spool file %s cannot be read (%s): set aside, its %d rows not written",
                    s.file, e.toString(), s.rows);
            try {
                Files.move(s.file, s.file.resolveSibling(s.file.getFileName() + ".unreadable"));
            } catch (IOException moveFailed) {
                LOG.warnf("and could not be renamed: %s", moveFailed.toString());
            }
            remove(s);
            return null;
        }
    }

    /** Blocking. The batch is written: its file goes. */
    void delete(Segment s) throws IOException {
        Files.deleteIfExists(s.file);
        remove(s);
    }

    long bytes() {
        return bytes.get();
    }

    long rows() {
        return rows.get();
    }

    private void add(Segment s) {
        segments.put(s.seq, s);
        bytes.addAndGet(s.bytes);
        rows.addAndGet(s.rows);
    }

    private void remove(Segment s) {
        if (segments.remove(s.seq) != null) {
            bytes.addAndGet(-s.bytes);
            rows.addAndGet(-s.rows);
            full = false;
        }
    }

    private static void ownerOnly(Path p, String perms) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: its defaults apply
        }
    }
}
