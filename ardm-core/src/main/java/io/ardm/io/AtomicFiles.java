package io.ardm.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers see either the old content or the complete new one, never a torn file:
 * write a temporary file in the same directory, force it to disk, then rename it over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE}. On any failure the temporary file is deleted and the target is
 * left untouched. A writer killed outright (kill -9, power loss) cannot delete its temporary, so the name carries the
 * writer's pid, {@code .NAME.PID.RANDOM.tmp}, and the next write of the same target removes the temporaries whose
 * writer is gone, never a live one's (two concurrent writers of one target both finish; the last rename wins).
 */
public final class AtomicFiles {
    /** Produces the file's content; may throw, which aborts the write. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    public static void write(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        removeOrphans(absolute);
        // A random name with CREATE_NEW instead of Files.createTempFile, whose 0600 permissions would stick.
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel))) {
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (Throwable failure) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    /** Deletes the temporaries of {@code target} left by writers that are no longer running (best effort). */
    static void removeOrphans(Path target) {
        Path dir = target.getParent();
        String prefix = "." + target.getFileName() + ".";
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, entry -> {
            String name = entry.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(".tmp");
        })) {
            for (Path temp : temps) {
                String[] parts = temp.getFileName().toString().substring(prefix.length()).split("\\.");
                if (parts.length != 3 || !parts[0].matches("[0-9]{1,19}")) continue;
                long pid = Long.parseLong(parts[0]);
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                Files.deleteIfExists(temp);
            }
        } catch (IOException | RuntimeException e) {
            // A directory we cannot list or an orphan we cannot delete does not stop the write itself.
        }
    }
}
