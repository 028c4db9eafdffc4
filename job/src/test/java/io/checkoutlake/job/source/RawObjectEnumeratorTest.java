package io.checkoutlake.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawObjectEnumeratorTest {
    @TempDir Path dir;

    private static org.apache.flink.core.fs.Path flinkPath(String uri) {
        // Path(URI) keeps a trailing slash, as a file system listing a placeholder would.
        return new org.apache.flink.core.fs.Path(URI.create(uri));
    }

    private static org.apache.flink.core.fs.Path flinkPath(Path local) {
        return new org.apache.flink.core.fs.Path(local.toUri());
    }

    private static List<String> names(Collection<FileSourceSplit> splits) {
        return splits.stream()
                .map(s -> dirRelative(s.path().toUri().getPath()))
                .sorted()
                .collect(Collectors.toList());
    }

    private static String dirRelative(String path) {
        int raw = path.indexOf("/raw/");
        return raw < 0 ? path : path.substring(raw + "/raw/".length());
    }

    private Path write(String relative, String content) throws IOException {
        Path file = dir.resolve("raw").resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, content.getBytes());
    }

    @Test
    void listsEveryObjectAtAnyDepthButHiddenOnesAndFolderMarkers() throws Exception {
        write("86_CheckoutOrder/abc/id/v1.json", "{}");
        write("86_CheckoutOrder/abc/id/.v2.json.tmp", "{");
        write("_SUCCESS", "");
        write("86_CheckoutOrder_$folder$", "");
        write("empty.json", "");
        Files.createDirectories(dir.resolve("raw/empty-folder"));

        Collection<FileSourceSplit> objects =
                new RawObjectEnumerator()
                        .enumerateSplits(
                                new org.apache.flink.core.fs.Path[] {flinkPath(dir.resolve("raw"))},
                                1);

        assertThat(names(objects)).containsExactly("86_CheckoutOrder/abc/id/v1.json", "empty.json");
    }

    @Test
    void dropsFolderPlaceholdersThatAListingHandsOverAsFiles() throws Exception {
        Path object = write("86_CheckoutOrder/abc/id/v1.json", "{}");
        LocalFileSystem fs = new LocalFileSystem();
        ArrayList<FileSourceSplit> splits = new ArrayList<>();
        RawObjectEnumerator enumerator = new RawObjectEnumerator();

        enumerator.addSplitsForPath(
                file(flinkPath("s3a://raw/86_CheckoutOrder/abc/id/")), fs, splits);
        enumerator.addSplitsForPath(
                file(flinkPath("s3a://raw/86_CheckoutOrder_$folder$")), fs, splits);
        enumerator.addSplitsForPath(fs.getFileStatus(flinkPath(object)), fs, splits);

        assertThat(names(splits)).containsExactly("86_CheckoutOrder/abc/id/v1.json");
    }

    @Test
    void skipsAFolderThatCannotBeListedAnyMore() throws Exception {
        write("a.json", "{}");
        write("gone/b.json", "{}");
        write("kept/c.json", "{}");
        org.apache.flink.core.fs.Path gone = flinkPath(dir.resolve("raw/gone"));
        LocalFileSystem fs =
                new LocalFileSystem() {
                    @Override
                    public FileStatus[] listStatus(org.apache.flink.core.fs.Path f)
                            throws IOException {
                        if (f.toUri()
                                .getPath()
                                .replaceAll("/$", "")
                                .equals(gone.toUri().getPath().replaceAll("/$", ""))) {
                            throw new FileNotFoundException("No such file or directory: " + f);
                        }
                        return super.listStatus(f);
                    }
                };
        ArrayList<FileSourceSplit> splits = new ArrayList<>();

        new RawObjectEnumerator()
                .addSplitsForPath(fs.getFileStatus(flinkPath(dir.resolve("raw"))), fs, splits);

        assertThat(names(splits)).containsExactly("a.json", "kept/c.json");
    }

    @Test
    void placeholderRule() {
        assertThat(RawObjectEnumerator.isFolderPlaceholder(flinkPath("s3a://raw/a/b/"))).isTrue();
        assertThat(RawObjectEnumerator.isFolderPlaceholder(flinkPath("s3a://raw/a_$folder$")))
                .isTrue();
        assertThat(RawObjectEnumerator.isFolderPlaceholder(flinkPath("s3a://raw/a/b.json")))
                .isFalse();
        assertThat(RawObjectEnumerator.isFolderPlaceholder(flinkPath("s3a://raw/a/folder")))
                .isFalse();
    }

    /** A status as a file system that keeps a placeholder's trailing slash would list it. */
    private static FileStatus file(org.apache.flink.core.fs.Path path) {
        return new FileStatus() {
            @Override
            public long getLen() {
                return 0;
            }

            @Override
            public long getBlockSize() {
                return 0;
            }

            @Override
            public short getReplication() {
                return 1;
            }

            @Override
            public long getModificationTime() {
                return 0;
            }

            @Override
            public long getAccessTime() {
                return 0;
            }

            @Override
            public boolean isDir() {
                return false;
            }

            @Override
            public org.apache.flink.core.fs.Path getPath() {
                return path;
            }
        };
    }
}
