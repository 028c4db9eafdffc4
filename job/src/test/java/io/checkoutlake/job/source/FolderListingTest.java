package io.checkoutlake.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.functions.model.RawObjectRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderListingTest {
    @TempDir Path dir;

    @Test
    void listsEveryObjectInNameOrderSkippingHiddenNames() throws Exception {
        write("b/id/2.json", 2);
        write("a/id/1.json", 1);
        write("a/id/colon:name.json", 3);
        write("a/id/with space.json", 4);
        write("a/id/.1.json.tmp", 5);
        write("_hidden/x.json", 6);
        write("a/.inprogress/y.json", 7);

        List<RawObjectRef> refs = list(0);
        assertThat(refs)
                .extracting(r -> r.uri)
                .containsExactly(
                        uri("a/id/1.json"),
                        uri("a/id/colon:name.json"),
                        uri("a/id/with space.json"),
                        uri("b/id/2.json"));
        assertThat(refs).extracting(r -> r.size).containsExactly(1L, 3L, 4L, 2L);
    }

    @Test
    void resumesAfterTheObjectsAlreadyEmitted() throws Exception {
        for (int i = 0; i < 5; i++) {
            write("f" + i + "/id/doc.json", 1);
        }
        FolderListing listing =
                new FolderListing(new org.apache.flink.core.fs.Path(dir.toUri()), 0, null);
        listing.next();
        listing.next();
        assertThat(listing.emitted()).isEqualTo(2);
        assertThat(list(2))
                .extracting(r -> r.uri)
                .containsExactly(
                        uri("f2/id/doc.json"), uri("f3/id/doc.json"), uri("f4/id/doc.json"));
    }

    @Test
    void aMissingFolderIsEmpty() {
        FolderListing listing =
                new FolderListing(
                        new org.apache.flink.core.fs.Path(dir.resolve("nope").toUri()), 0, null);
        assertThat(listing.hasNext()).isFalse();
        assertThat(
                        FolderListing.childrenOf(
                                new org.apache.flink.core.fs.Path(dir.resolve("nope").toUri())))
                .isEmpty();
    }

    @Test
    void childrenAreTheVisibleEntriesDirectlyUnderTheRoot() throws Exception {
        write("3A_CheckoutOrder/x/id/1.json", 1);
        write("misc.txt", 1);
        write(".tmp", 1);
        assertThat(FolderListing.childrenOf(new org.apache.flink.core.fs.Path(dir.toUri())))
                .containsExactly(uri("3A_CheckoutOrder"), uri("misc.txt"));
    }

    private List<RawObjectRef> list(long skip) {
        List<RawObjectRef> refs = new ArrayList<>();
        new FolderListing(new org.apache.flink.core.fs.Path(dir.toUri()), skip, null)
                .forEachRemaining(refs::add);
        return refs;
    }

    private void write(String key, int bytes) throws Exception {
        Path p = dir.resolve(key);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[bytes]);
    }

    private String uri(String key) {
        return "file://" + dir.toAbsolutePath().resolve(key);
    }
}
