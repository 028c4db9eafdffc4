package io.checkoutlake.functions.path;

import java.net.URI;
import org.apache.flink.core.fs.Path;

/**
 * The {@code _source_file} form of an object's location: {@code scheme://authority/path} with the
 * key as stored (not percent-encoded), so analysts can match it against bucket listings.
 */
public final class RawObjectUris {
    private RawObjectUris() {}

    public static String of(Path path) {
        URI uri = path.toUri();
        String scheme = uri.getScheme() == null ? "file" : uri.getScheme();
        String authority = uri.getAuthority() == null ? "" : uri.getAuthority();
        return scheme + "://" + authority + uri.getPath();
    }

    /** {@code uri} with one trailing slash: the prefix of every key under it. */
    public static String asFolder(String uri) {
        return uri.endsWith("/") ? uri : uri + "/";
    }

    public static Path toPath(String uri) {
        return new Path(uri);
    }
}
