package io.checkoutlake.tools.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawFolderWriterTest {
    @TempDir Path root;

    @Test
    void writesEachObjectAtItsKeyCreatingFolders() throws IOException {
        RawFolderWriter writer = new RawFolderWriter(root);
        GeneratorSettings settings =
                GeneratorSettings.builder().seed(4).badShare(0.3).gzipShare(0.3).build();
        List<GeneratedObject> objects = new RawDocumentGenerator(settings).next(150);

        for (GeneratedObject o : objects) {
            Path written = writer.write(o);
            assertThat(written).isEqualTo(root.toAbsolutePath().resolve(o.key()));
        }

        for (GeneratedObject o : objects) {
            assertThat(Files.readAllBytes(root.resolve(o.key()))).as(o.key()).isEqualTo(o.bytes());
        }
        assertThat(files()).hasSize(objects.size());
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws IOException {
        RawFolderWriter writer = new RawFolderWriter(root);
        writer.write(
                "3A_CheckoutOrder/0123456789abcdef0123456789abcdef/id/v1-00000000.json",
                bytes("{}"));

        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith(".") || name.endsWith(".tmp"));
        }
    }

    @Test
    void replacesAnExistingObjectWhole() throws IOException {
        RawFolderWriter writer = new RawFolderWriter(root);
        String key = "0F_FulfillmentOrder/0123456789abcdef0123456789abcdef/id/v1-00000000.json";
        writer.write(key, bytes("{\"Value\":\"1\"}"));
        writer.write(key, bytes("{\"Value\":\"2\"}"));

        assertThat(Files.readString(root.resolve(key))).isEqualTo("{\"Value\":\"2\"}");
        assertThat(files()).hasSize(1);
    }

    @Test
    void removesTheTemporaryFileWhenTheMoveFails() throws IOException {
        RawFolderWriter writer = new RawFolderWriter(root);
        // A non-empty folder where the object should go: no rename can replace it.
        Path blocked = root.resolve("0F_FulfillmentOrder/id/v1.json");
        Files.createDirectories(blocked);
        Files.write(blocked.resolve("inside"), bytes("x"));

        assertThatThrownBy(() -> writer.write("0F_FulfillmentOrder/id/v1.json", bytes("{}")))
                .isInstanceOf(IOException.class);
        assertThat(Files.exists(blocked.resolveSibling(".v1.json.tmp"))).isFalse();
    }

    @Test
    void refusesKeysOutsideTheRootOrHiddenFromReaders() {
        RawFolderWriter writer = new RawFolderWriter(root);
        for (String key :
                List.of(
                        "",
                        "/etc/passwd",
                        "../outside.json",
                        "a/../../outside.json",
                        "a//b.json",
                        "a/./b.json",
                        ".hidden/b.json",
                        "a/.b.json.tmp",
                        "a/_SUCCESS",
                        "a\\b.json")) {
            assertThatThrownBy(() -> writer.write(key, bytes("{}")))
                    .as(key)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(root.getParent().resolve("outside.json")).doesNotExist();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).collect(Collectors.toList());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
