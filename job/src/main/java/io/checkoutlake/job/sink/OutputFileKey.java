package io.checkoutlake.job.sink;

import io.checkoutlake.functions.path.RawObjectUris;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Names one backfill output file: the raw folder its records come from and the bucket (partition
 * folder, or {@code reason=<code>} for dead letters) they go to. Its string form {@code
 * <folder>/<bucket>} is the key the writer's input is sorted by.
 */
public final class OutputFileKey {
    /** The folder of objects directly under the source root, which belong to no folder. */
    static final String ROOT_FOLDER = "_root";

    private final String folder;
    private final String bucket;

    OutputFileKey(String folder, String bucket) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /** The key of a record read from {@code sourceFile} under {@code sourceRoot}. */
    public static String of(String sourceRoot, String sourceFile, String bucket) {
        return folderOf(sourceRoot, sourceFile) + "/" + bucket;
    }

    static OutputFileKey parse(String key) {
        int slash = key.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("not an output file key: " + key);
        }
        return new OutputFileKey(key.substring(0, slash), key.substring(slash + 1));
    }

    /**
     * The first segment of {@code sourceFile} below {@code sourceRoot} ({@code 3A_CheckoutOrder}),
     * made safe for a file name; {@value #ROOT_FOLDER} for an object directly under the root.
     */
    public static String folderOf(String sourceRoot, String sourceFile) {
        String root = RawObjectUris.asFolder(sourceRoot);
        if (!sourceFile.startsWith(root)) {
            return safe(sourceFile);
        }
        String rest = sourceFile.substring(root.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? ROOT_FOLDER : safe(rest.substring(0, slash));
    }

    public String folder() {
        return folder;
    }

    public String bucket() {
        return bucket;
    }

    /** {@code <bucket>/backfill-<folder><suffix>}. */
    public String relativePath(String suffix) {
        return bucket + "/backfill-" + folder + suffix;
    }

    /**
     * Folder names of the raw layout ({@code 3A_CheckoutOrder}) pass unchanged; anything else keeps
     * its safe characters and gains a checksum of the original, so distinct folders stay distinct.
     */
    static String safe(String name) {
        if (name.matches("[A-Za-z0-9_-]{1,64}")) {
            return name;
        }
        String kept = name.replaceAll("[^A-Za-z0-9_-]", "-");
        if (kept.length() > 40) {
            kept = kept.substring(0, 40);
        }
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return kept + "-" + Long.toHexString(crc.getValue()).toLowerCase(Locale.ROOT);
    }
}
