package io.checkoutlake.job.coverage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The markers of finished backfill folders under {@code <lake.path>/_backfill/}. The folder name
 * starts with {@code _}, so Hive, Athena, Spark and DuckDB globs never take it for data, and it
 * sits beside the tables rather than in one.
 */
public final class BackfillMarkers {
    public static final String FOLDER = "_backfill";

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path folder;

    public BackfillMarkers(URI lakePath) {
        this.folder = new Path(new Path(lakePath), FOLDER);
    }

    /** Every marker, by folder name. */
    public Map<String, BackfillMarker> readAll() throws IOException {
        Map<String, BackfillMarker> markers = new TreeMap<>();
        FileSystem fs = folder.getFileSystem();
        FileStatus[] statuses;
        try {
            statuses = fs.listStatus(folder);
        } catch (FileNotFoundException e) {
            return markers;
        }
        if (statuses == null) {
            return markers;
        }
        for (FileStatus s : statuses) {
            String name = s.getPath().getName();
            if (!s.isDir() && name.endsWith(".json")) {
                BackfillMarker m = read(s.getPath());
                markers.put(m.folder, m);
            }
        }
        return markers;
    }

    /** Writes the marker whole (an upload or a rename), replacing an earlier one. */
    public void write(BackfillMarker marker) throws IOException {
        Path target = pathOf(marker.folder);
        FileSystem fs = target.getFileSystem();
        byte[] bytes = JSON.writeValueAsBytes(marker);
        boolean inPlace =
                target.toUri().getScheme() != null && target.toUri().getScheme().startsWith("s3");
        Path written = inPlace ? target : new Path(folder, "." + marker.folder + ".json.tmp");
        try (OutputStream out = fs.create(written, FileSystem.WriteMode.OVERWRITE)) {
            out.write(bytes);
        }
        if (!inPlace && !fs.rename(written, target)) {
            fs.delete(target, false);
            if (!fs.rename(written, target)) {
                throw new IOException("cannot rename " + written + " to " + target);
            }
        }
    }

    public Path pathOf(String folderName) {
        return new Path(folder, folderName + ".json");
    }

    private static BackfillMarker read(Path p) throws IOException {
        try (InputStream in = p.getFileSystem().open(p)) {
            return JSON.readValue(in, BackfillMarker.class);
        }
    }
}
