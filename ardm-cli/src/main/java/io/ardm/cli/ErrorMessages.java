package io.ardm.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * One line that says what went wrong. Java's file-system exceptions carry just the path as their message
 * ("mid.txt"), so the reason is spelled out here as the C tools do ("mid.txt: No such file or directory").
 */
final class ErrorMessages {
    private ErrorMessages() {}

    static String of(Throwable e) {
        // Out of memory in a worker thread (the codec's streams) reaches here wrapped: look through the causes.
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof OutOfMemoryError) return outOfMemory();
        if (e instanceof FileSystemException f) {
            String reason = switch (f) {
                case NoSuchFileException x -> "No such file or directory";
                case AccessDeniedException x -> "Permission denied";
                case FileAlreadyExistsException x -> "File exists";
                case NotDirectoryException x -> "Not a directory";
                case DirectoryNotEmptyException x -> "Directory not empty";
                default -> f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
            };
            String file = f.getFile() == null ? "" : f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": ";
            return file + reason;
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }

    private static String outOfMemory() {
        return String.format("out of memory (the Java heap is limited to %,d MB); raise it, e.g. ARDM_HEAP=8g ./ardm ...",
                Runtime.getRuntime().maxMemory() >> 20);
    }
}
