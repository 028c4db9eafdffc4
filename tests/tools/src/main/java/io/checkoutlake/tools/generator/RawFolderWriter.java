package io.checkoutlake.tools.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes raw objects under a folder of the local file system, laid out by their keys, each one
 * appearing whole or not at all: the bytes go to a hidden {@code .<name>.tmp} beside the target,
 * which is then renamed atomically. Flink's file source skips hidden files, so a job watching the
 * folder never reads a half-written document.
 *
 * <p>Thread-safe for distinct keys.
 */
public final class RawFolderWriter {
    private final Path root;

    public RawFolderWriter(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Writes {@code object} at {@code root/<key>}; returns that path. */
    public Path write(GeneratedObject object) throws IOException {
        return write(object.key(), object.bytes());
    }

    /**
     * Writes {@code bytes} at {@code root/<key>}, creating folders, replacing an existing file.
     *
     * @throws IllegalArgumentException when the key would leave the root or name a hidden file
     */
    public Path write(String key, byte[] bytes) throws IOException {
        Path target = resolve(key);
        Path folder = target.getParent();
        Files.createDirectories(folder);
        Path temp = folder.resolve("." + target.getFileName() + ".tmp");
        try {
            Files.write(
                    temp,
                    bytes,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return target;
    }

    /** {@code root/<key>}, refusing keys that escape the root or that readers would skip. */
    Path resolve(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.contains("\\")) {
            throw new IllegalArgumentException("not a relative object key: '" + key + "'");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException(
                        "object key has an empty segment: '" + key + "'");
            }
            // Flink's file source skips such files and folders, as it skips our temporary files;
            // this also refuses '.' and '..'.
            if (segment.startsWith(".") || segment.startsWith("_")) {
                throw new IllegalArgumentException(
                        "object key has a hidden segment '" + segment + "': '" + key + "'");
            }
        }
        Path target = root.resolve(key).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IllegalArgumentException("object key leaves the root: '" + key + "'");
        }
        return target;
    }
}
