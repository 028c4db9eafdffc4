package io.checkoutlake.job.source;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.Optional;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.WrappingProxy;
import org.apache.flink.util.WrappingProxyUtil;

/**
 * Every file under a folder of a Hadoop-based file system ({@code s3://}, {@code s3a://} through
 * flink-s3-fs-hadoop), in one request per 1,000 keys: Hadoop's recursive {@code listFiles}, which
 * S3A serves with ListObjectsV2 without a delimiter, in key order. Listing folder by folder costs a
 * request per folder, and the raw layout has two per order ({@code <id>/} and {@code <id>/id/}): at
 * ~20 ms per S3 request that caps a folder's listing near 25 documents/s.
 *
 * <p>Reached by reflection: on a cluster the S3 file system is a plugin whose Hadoop classes are
 * its own, not the job's.
 */
final class HadoopFlatListing {
    /** One listed file: its path (decoded, absolute in the bucket), length, modification time. */
    static final class ListedFile {
        final String path;
        final long length;
        final long modified;

        ListedFile(String path, long length, long modified) {
            this.path = path;
            this.length = length;
            this.modified = modified;
        }
    }

    private final Object iterator;
    private final Method hasNext;
    private final Method next;
    private Method getPath;
    private Method getLen;
    private Method getModificationTime;
    private Method toUri;

    private HadoopFlatListing(Object iterator) throws NoSuchMethodException {
        this.iterator = iterator;
        this.hasNext = publicMethod(iterator.getClass(), "hasNext");
        this.next = publicMethod(iterator.getClass(), "next");
    }

    /**
     * The flat listing of {@code folder}, or empty when {@code fs} is not Hadoop-based (local
     * files, or a file system without {@code getHadoopFileSystem}).
     *
     * @throws FileNotFoundException when the folder does not exist
     */
    @SuppressWarnings("unchecked")
    static Optional<HadoopFlatListing> open(FileSystem fs, Path folder) throws IOException {
        Object inner =
                fs instanceof WrappingProxy
                        ? WrappingProxyUtil.stripProxy((WrappingProxy<FileSystem>) fs)
                        : fs;
        Method getHadoopFileSystem;
        try {
            getHadoopFileSystem = publicMethod(inner.getClass(), "getHadoopFileSystem");
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
        try {
            Object hadoop = getHadoopFileSystem.invoke(inner);
            Class<?> pathClass =
                    Class.forName(
                            "org.apache.hadoop.fs.Path", false, hadoop.getClass().getClassLoader());
            Object hadoopPath = pathClass.getConstructor(URI.class).newInstance(folder.toUri());
            Object files =
                    publicMethod(hadoop.getClass(), "listFiles", pathClass, boolean.class)
                            .invoke(hadoop, hadoopPath, true);
            return Optional.of(new HadoopFlatListing(files));
        } catch (InvocationTargetException e) {
            throw ioException(e);
        } catch (ReflectiveOperationException e) {
            return Optional.empty();
        }
    }

    boolean hasNext() {
        try {
            return (Boolean) hasNext.invoke(iterator);
        } catch (InvocationTargetException e) {
            throw new UncheckedIOException(ioException(e));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    ListedFile next() {
        try {
            Object status = next.invoke(iterator);
            if (getPath == null) {
                getPath = publicMethod(status.getClass(), "getPath");
                getLen = publicMethod(status.getClass(), "getLen");
                getModificationTime = publicMethod(status.getClass(), "getModificationTime");
                toUri = publicMethod(getPath.getReturnType(), "toUri");
            }
            URI uri = (URI) toUri.invoke(getPath.invoke(status));
            return new ListedFile(
                    uri.getPath(),
                    (Long) getLen.invoke(status),
                    (Long) getModificationTime.invoke(status));
        } catch (InvocationTargetException e) {
            throw new UncheckedIOException(ioException(e));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A public method as declared by a public type, so that it can be invoked reflectively. */
    private static Method publicMethod(Class<?> type, String name, Class<?>... parameters)
            throws NoSuchMethodException {
        Method m = type.getMethod(name, parameters);
        m.setAccessible(true);
        return m;
    }

    private static IOException ioException(InvocationTargetException e) {
        Throwable cause = e.getCause();
        return cause instanceof IOException
                ? (IOException) cause
                : new IOException("flat listing failed: " + cause, cause);
    }
}
