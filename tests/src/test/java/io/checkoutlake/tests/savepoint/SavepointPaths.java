package io.checkoutlake.tests.savepoint;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's {@code savepoints/} folder and the job jar are, seen from tests. */
final class SavepointPaths {
    private SavepointPaths() {}

    /** The repository root: the parent of the {@code tests} module (Maven runs tests there). */
    static Path repository() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("savepoints"))
                    && Files.isRegularFile(d.resolve("DEVELOPERS.md"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root above " + dir);
    }

    static Path savepoints() {
        return repository().resolve("savepoints");
    }

    static Path fixtures() {
        return savepoints().resolve("fixtures");
    }

    static Path uids() {
        return savepoints().resolve("uids.txt");
    }

    static Path jar() {
        return repository().resolve("job/target/checkout-lake.jar");
    }
}
