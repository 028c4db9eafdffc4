package io.checkoutlake.tests.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Where the deployment files are: found from the working directory, not assumed. */
final class RepoFiles {
    private RepoFiles() {}

    /** The repository root: the first parent holding {@code deploy/} and {@code job/pom.xml}. */
    static Path root() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("deploy"))
                    && Files.isRegularFile(dir.resolve("job/pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "no repository root above " + Paths.get("").toAbsolutePath());
    }

    static Path deploy(String relative) {
        return root().resolve("deploy").resolve(relative);
    }

    /** Every CloudFormation template under {@code deploy/}. */
    static List<Path> templates() {
        return filesUnderDeploy(".yaml");
    }

    /** Every shell script under {@code deploy/}, sourced libraries included. */
    static List<Path> scripts() {
        return filesUnderDeploy(".sh");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> filesUnderDeploy(String suffix) {
        try (Stream<Path> files = Files.walk(root().resolve("deploy"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
