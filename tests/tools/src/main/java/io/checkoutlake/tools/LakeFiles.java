package io.checkoutlake.tools;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The committed files of a local lake or dead-letter folder, read while the job may be running. */
public final class LakeFiles {
    private LakeFiles() {}

    /**
     * The committed files under {@code root} whose names end in {@code suffix}, sorted; none if
     * {@code root} does not exist. In-progress files are hidden ({@code .part-...inprogress}), and
     * the job renames them on every checkpoint: an entry listed a moment ago may be gone when it is
     * visited, so it is skipped rather than failing the read.
     */
    public static List<Path> committed(Path root, String suffix) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        Files.walkFileTree(
                root,
                new SimpleFileVisitor<Path>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        String name = file.getFileName().toString();
                        if (attrs.isRegularFile()
                                && !name.startsWith(".")
                                && name.endsWith(suffix)) {
                            files.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e)
                            throws IOException {
                        if (e instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }
                });
        Collections.sort(files);
        return files;
    }
}
