package io.checkoutlake.job.commit;

import io.checkoutlake.functions.path.RawObjectUris;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Small files the partition commit writes next to the data ({@code _manifest.json}, {@code
 * _SUCCESS}), whole or not at all for readers: object stores make a PUT visible only when it is
 * complete; other file systems get a hidden temporary file renamed over the target.
 */
public final class PartitionFiles {
    private static final Set<String> OBJECT_STORES =
            Set.of("s3", "s3a", "s3n", "s3p", "gs", "oss", "wasb", "wasbs", "abfs", "abfss");

    private PartitionFiles() {}

    static void writeWhole(FileSystem fs, Path target, byte[] content) throws IOException {
        String scheme = target.toUri().getScheme();
        if (scheme != null && OBJECT_STORES.contains(scheme.toLowerCase(Locale.ROOT))) {
            write(fs, target, content);
            return;
        }
        Path temporary = new Path(target.getParent(), "_" + target.getName() + ".inprogress");
        write(fs, temporary, content);
        if (!fs.rename(temporary, target)) {
            // Some file systems refuse to rename over an existing file.
            fs.delete(target, false);
            if (!fs.rename(temporary, target)) {
                throw new IOException("cannot rename " + temporary + " to " + target);
            }
        }
    }

    private static void write(FileSystem fs, Path path, byte[] content) throws IOException {
        try (OutputStream out = fs.create(path, FileSystem.WriteMode.OVERWRITE)) {
            out.write(content);
        }
    }

    /** True for the table's data files: visible (no {@code .} or {@code _} prefix) Parquet. */
    static boolean isDataFile(String name) {
        return !name.startsWith(".") && !name.startsWith("_") && name.endsWith(".parquet");
    }

    /**
     * The partition's location as catalogs name it: {@code s3://} for Flink's {@code s3a://} (Glue
     * and Athena name S3 objects {@code s3://}), with a trailing slash.
     */
    public static String catalogLocation(Path folder) {
        String uri = folder.toUri().toString();
        if (uri.startsWith("s3a://") || uri.startsWith("s3n://") || uri.startsWith("s3p://")) {
            uri = "s3://" + uri.substring(uri.indexOf("://") + 3);
        }
        return RawObjectUris.asFolder(uri);
    }
}
