package io.checkoutlake.job.source;

import io.checkoutlake.functions.model.RawObjectRef;
import io.checkoutlake.functions.path.RawObjectUris;
import io.checkoutlake.job.coverage.FolderCoverage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import javax.annotation.Nullable;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw objects under one folder, listed lazily, with the rules of {@link RawObjectEnumerator}:
 * hidden names ({@code .x}, {@code _x}) and folder placeholders are skipped, a folder that vanished
 * after it was listed is empty. The order is deterministic, so a position ({@link #emitted()}) can
 * be resumed by skipping that many objects. On Hadoop-based file systems (S3) one flat listing in
 * key order ({@link HadoopFlatListing}); elsewhere folder by folder, depth first, in name order.
 *
 * <p>Local folders are listed with java.nio rather than Flink's LocalFileSystem, whose listing
 * parses each name as a path string and fails on a name such as {@code a:b.json}.
 */
public final class FolderListing implements Iterator<RawObjectRef> {
    private static final Logger LOG = LoggerFactory.getLogger(FolderListing.class);

    private final Deque<Entry> pending = new ArrayDeque<>();
    private final FileSystem fs;
    private final boolean local;

    /** On Hadoop-based file systems (S3): every object in one flat listing; else null. */
    private final HadoopFlatListing flat;

    private final String flatRootUri;
    private final String flatRootPath;

    /** Only the objects it covers are returned; null: all. */
    @Nullable private final FolderCoverage coverage;

    private RawObjectRef next;
    private long nextModified;
    private String nextRelative;
    private long modified;
    private String relativeKey;
    private long emitted;

    /** One listed name: a folder still to list, or an object. */
    private static final class Entry {
        final String uri;
        final boolean folder;
        final long size;
        final long modified;

        Entry(String uri, boolean folder, long size, long modified) {
            this.uri = uri;
            this.folder = folder;
            this.size = size;
            this.modified = modified;
        }
    }

    /**
     * Lists the objects of {@code folder} that {@code coverage} covers (all when null), skipping
     * the first {@code skip} of them.
     */
    public FolderListing(Path folder, long skip, @Nullable FolderCoverage coverage) {
        this(folder, skip, true, coverage);
    }

    /** {@code flatAllowed}: false to list folder by folder even where a flat listing exists. */
    private FolderListing(
            Path folder, long skip, boolean flatAllowed, @Nullable FolderCoverage coverage) {
        this.coverage = coverage;
        try {
            this.fs = folder.getFileSystem();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + folder, e);
        }
        this.local =
                "file".equals(folder.toUri().getScheme()) || folder.toUri().getScheme() == null;
        HadoopFlatListing flatListing = null;
        boolean missing = false;
        if (!local && flatAllowed) {
            try {
                flatListing = HadoopFlatListing.open(fs, folder).orElse(null);
            } catch (FileNotFoundException e) {
                LOG.info("skipping folder {}: it does not exist (any more)", folder);
                missing = true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }
        this.flat = flatListing;
        String rootUri = RawObjectUris.of(folder);
        this.flatRootUri = withoutTrailingSlash(rootUri);
        this.flatRootPath = withoutTrailingSlash(folder.toUri().getPath());
        if (flat == null && !missing) {
            pending.push(new Entry(rootUri, true, 0, 0));
        }
        for (long i = 0; i < skip && hasNext(); i++) {
            next();
        }
    }

    /**
     * The entries directly under {@code root} that a listing would descend into or return, in name
     * order; none, with a WARN, when {@code root} does not exist.
     */
    public static List<String> childrenOf(Path root) {
        FolderListing listing = new FolderListing(root, 0, false, null);
        String rootUri = listing.pending.pop().uri;
        List<String> uris = new ArrayList<>();
        try {
            for (Entry e :
                    listing.local ? listing.listLocal(rootUri) : listing.listFlink(rootUri)) {
                uris.add(e.uri);
            }
        } catch (FileNotFoundException | NoSuchFileException e) {
            LOG.warn("{} does not exist: nothing to read there", rootUri);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + rootUri, e);
        }
        uris.sort(null);
        return uris;
    }

    /** Objects returned by {@link #next()} so far, the skipped ones included. */
    public long emitted() {
        return emitted;
    }

    /** The modification time (epoch millis) of the object {@link #next()} returned last. */
    public long modified() {
        return modified;
    }

    /** The key, relative to the listed folder, of the object {@link #next()} returned last. */
    public String relativeKey() {
        return relativeKey;
    }

    @Override
    public boolean hasNext() {
        if (flat != null) {
            while (next == null && flat.hasNext()) {
                HadoopFlatListing.ListedFile file = flat.next();
                next = covered(flatEntry(file), file.modified);
            }
            return next != null;
        }
        while (next == null && !pending.isEmpty()) {
            Entry e = pending.pop();
            if (!e.folder) {
                next = covered(new RawObjectRef(e.uri, e.size), e.modified);
                continue;
            }
            List<Entry> children = list(e.uri);
            // Reverse onto the stack so the first name is listed first.
            for (int i = children.size() - 1; i >= 0; i--) {
                pending.push(children.get(i));
            }
        }
        return next != null;
    }

    @Override
    public RawObjectRef next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawObjectRef r = next;
        next = null;
        modified = nextModified;
        relativeKey = nextRelative;
        emitted++;
        return r;
    }

    /** {@code ref} when the coverage covers it (or there is none), else null. */
    @Nullable
    private RawObjectRef covered(@Nullable RawObjectRef ref, long modifiedMillis) {
        if (ref == null) {
            return null;
        }
        String relative =
                ref.uri.length() > flatRootUri.length()
                        ? ref.uri.substring(flatRootUri.length() + 1)
                        : "";
        if (coverage != null && !coverage.covers(relative, modifiedMillis)) {
            return null;
        }
        nextModified = modifiedMillis;
        nextRelative = relative;
        return ref;
    }

    private List<Entry> list(String folderUri) {
        try {
            List<Entry> children = local ? listLocal(folderUri) : listFlink(folderUri);
            children.sort(Comparator.comparing(c -> c.uri));
            return children;
        } catch (FileNotFoundException | NoSuchFileException e) {
            LOG.info("skipping folder {}: it does not exist (any more)", folderUri);
            return new ArrayList<>();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folderUri, e);
        }
    }

    /** The object of a flat listing's file, or null for a hidden name at any depth. */
    private RawObjectRef flatEntry(HadoopFlatListing.ListedFile file) {
        if (!file.path.startsWith(flatRootPath + "/")) {
            // The folder itself, when it is a file.
            return file.path.equals(flatRootPath)
                    ? new RawObjectRef(flatRootUri, file.length)
                    : null;
        }
        String relative = file.path.substring(flatRootPath.length() + 1);
        if (relative.endsWith(RawObjectEnumerator.S3N_FOLDER_SUFFIX)) {
            return null;
        }
        for (String name : relative.split("/", -1)) {
            // An empty name: a folder placeholder key ending in "/".
            if (name.isEmpty() || isHidden(name)) {
                return null;
            }
        }
        return new RawObjectRef(flatRootUri + "/" + relative, file.length);
    }

    private static String withoutTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Hidden names, as Flink's DefaultFileFilter has them: in-progress and marker files. */
    private static boolean isHidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    private List<Entry> listLocal(String folderUri) throws IOException {
        java.nio.file.Path dir = Paths.get(folderUri.substring("file://".length()));
        List<Entry> out = new ArrayList<>();
        if (Files.isRegularFile(dir)) {
            out.add(localFile(folderUri, dir));
            return out;
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString());
        }
        try (DirectoryStream<java.nio.file.Path> s = Files.newDirectoryStream(dir)) {
            for (java.nio.file.Path p : s) {
                String name = p.getFileName().toString();
                if (isHidden(name)) {
                    continue;
                }
                String uri = "file://" + p.toAbsolutePath();
                if (Files.isDirectory(p)) {
                    out.add(new Entry(uri, true, 0, 0));
                } else if (Files.isRegularFile(p)) {
                    out.add(localFile(uri, p));
                }
            }
        }
        return out;
    }

    private static Entry localFile(String uri, java.nio.file.Path file) throws IOException {
        return new Entry(uri, false, Files.size(file), Files.getLastModifiedTime(file).toMillis());
    }

    private List<Entry> listFlink(String folderUri) throws IOException {
        Path folder = RawObjectUris.toPath(folderUri);
        FileStatus[] statuses = fs.listStatus(folder);
        List<Entry> out = new ArrayList<>();
        if (statuses == null) {
            return out;
        }
        for (FileStatus s : Arrays.asList(statuses)) {
            Path p = s.getPath();
            if (isHidden(p.getName()) || RawObjectEnumerator.isFolderPlaceholder(p)) {
                continue;
            }
            out.add(new Entry(RawObjectUris.of(p), s.isDir(), s.getLen(), s.getModificationTime()));
        }
        return out;
    }
}
