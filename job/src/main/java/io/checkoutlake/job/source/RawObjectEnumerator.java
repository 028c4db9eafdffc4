package io.checkoutlake.job.source;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the raw objects under {@code source.path}: every file at any depth, one split each, except
 *
 * <ul>
 *   <li>hidden names, starting with {@code .} or {@code _} (Flink's default filter; writers use
 *       such names for objects still being written), and
 *   <li>folder placeholders: keys ending in {@code /} (what the S3 console's "Create folder" puts,
 *       and how S3Proxy's and MinIO's file system backends list every folder) or in {@code
 *       _$folder$} (EMRFS and s3n). A placeholder is a folder, never a document: reading one would
 *       turn it into a dead letter. S3A lists {@code x/} as the folder {@code x} and descends into
 *       it; a file system that hands a placeholder over as a file has it dropped here.
 * </ul>
 *
 * <p>A folder that cannot be listed because it no longer exists is skipped: it was deleted after
 * its parent was listed, or it is an empty placeholder that the store lists under its parent but
 * cannot find on its own (S3Proxy's file system backend does that). Either way it holds nothing to
 * read now; stream mode lists again at the next interval.
 */
public final class RawObjectEnumerator extends NonSplittingRecursiveEnumerator {
    private static final Logger LOG = LoggerFactory.getLogger(RawObjectEnumerator.class);

    /** EMRFS and the old s3n file system mark folders with an object named so. */
    static final String S3N_FOLDER_SUFFIX = "_$folder$";

    /** For {@code FileSource.Builder#setFileEnumerator}. */
    public static FileEnumerator.Provider provider() {
        return RawObjectEnumerator::new;
    }

    @Override
    protected void addSplitsForPath(
            FileStatus fileStatus, FileSystem fs, ArrayList<FileSourceSplit> target)
            throws IOException {
        if (!fileStatus.isDir() || !fileFilter.test(fileStatus.getPath())) {
            super.addSplitsForPath(fileStatus, fs, target);
            return;
        }
        FileStatus[] contained;
        try {
            contained = fs.listStatus(fileStatus.getPath());
        } catch (FileNotFoundException e) {
            LOG.info(
                    "skipping folder {}: it was listed but no longer exists ({})",
                    fileStatus.getPath(),
                    e.getMessage());
            return;
        }
        if (contained == null) {
            return;
        }
        for (FileStatus status : contained) {
            addSplitsForPath(status, fs, target);
        }
    }

    @Override
    protected void convertToSourceSplits(
            FileStatus file, FileSystem fs, List<FileSourceSplit> target) throws IOException {
        if (isFolderPlaceholder(file.getPath())) {
            LOG.debug("skipping folder placeholder {}", file.getPath());
            return;
        }
        super.convertToSourceSplits(file, fs, target);
    }

    /** True for {@code s3a://b/raw/x/} and {@code s3a://b/raw/x_$folder$}. */
    public static boolean isFolderPlaceholder(Path path) {
        String key = path.toUri().getPath();
        return key != null && (key.endsWith("/") || key.endsWith(S3N_FOLDER_SUFFIX));
    }
}
