package io.checkoutlake.job.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.WrappingProxy;
import org.apache.flink.util.WrappingProxyUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an object of Hadoop's S3AFileSystem (behind Flink's {@code s3://} and {@code s3a://}) with
 * its size already known, so that S3A sends the GET alone: a plain open first asks for the object's
 * status with a HEAD, which doubles the requests (and their ~20 ms) of every small raw object. The
 * size comes from the listing or the S3 notification and is trusted: S3A reads at most that many
 * bytes (an object that grew since it was listed is read up to its listed size) and sends no GET at
 * all for a size of 0.
 *
 * <p>Through reflection, on the classes of the file system's own class loader: on a cluster,
 * flink-s3-fs-hadoop may be a plugin whose Hadoop classes are not the ones the job was compiled
 * against. Anything unexpected (another file system, another Hadoop) leaves {@link #open} empty,
 * and the caller opens the object as before.
 */
final class S3aKnownSizeOpen {
    private static final Logger LOG = LoggerFactory.getLogger(S3aKnownSizeOpen.class);

    private static final String S3A_FILE_SYSTEM = "org.apache.hadoop.fs.s3a.S3AFileSystem";

    /** One message per JVM when the known-size open cannot be used: it would repeat per object. */
    private static final AtomicBoolean UNAVAILABLE_LOGGED = new AtomicBoolean();

    /** Flink file system class to its {@code getHadoopFileSystem()}, if it has one. */
    private static final ClassValue<Optional<Method>> HADOOP_FS_GETTER =
            new ClassValue<>() {
                @Override
                protected Optional<Method> computeValue(Class<?> type) {
                    try {
                        return Optional.of(type.getMethod("getHadoopFileSystem"));
                    } catch (NoSuchMethodException | SecurityException e) {
                        return Optional.empty();
                    }
                }
            };

    /** Hadoop file system class to the S3A open, if it is (a subclass of) S3AFileSystem. */
    private static final ClassValue<Optional<S3aKnownSizeOpen>> BY_HADOOP_CLASS =
            new ClassValue<>() {
                @Override
                protected Optional<S3aKnownSizeOpen> computeValue(Class<?> type) {
                    if (!isS3a(type)) {
                        return Optional.empty();
                    }
                    try {
                        return Optional.of(new S3aKnownSizeOpen(type.getClassLoader()));
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        unavailable(e);
                        return Optional.empty();
                    }
                }
            };

    private final Constructor<?> hadoopPath;
    private final Method makeQualified;
    private final Method defaultBlockSize;
    private final Method username;
    private final Method openFile;
    private final Method withFileStatus;
    private final Method build;
    private final Constructor<?> s3aFileStatus;

    private S3aKnownSizeOpen(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> pathClass = Class.forName("org.apache.hadoop.fs.Path", false, loader);
        Class<?> fileSystem = Class.forName("org.apache.hadoop.fs.FileSystem", false, loader);
        Class<?> builder =
                Class.forName("org.apache.hadoop.fs.FutureDataInputStreamBuilder", false, loader);
        Class<?> fileStatus = Class.forName("org.apache.hadoop.fs.FileStatus", false, loader);
        Class<?> s3aStatus = Class.forName("org.apache.hadoop.fs.s3a.S3AFileStatus", false, loader);
        hadoopPath = pathClass.getConstructor(URI.class);
        makeQualified = fileSystem.getMethod("makeQualified", pathClass);
        defaultBlockSize = fileSystem.getMethod("getDefaultBlockSize", pathClass);
        username = Class.forName(S3A_FILE_SYSTEM, false, loader).getMethod("getUsername");
        openFile = fileSystem.getMethod("openFile", pathClass);
        withFileStatus = builder.getMethod("withFileStatus", fileStatus);
        build = builder.getMethod("build");
        // (length, modification time, path, block size, owner, eTag, versionId) in hadoop-aws
        // 3.3.x: a file's status, which is all S3A's open needs of the HEAD it skips.
        s3aFileStatus =
                s3aStatus.getConstructor(
                        long.class,
                        long.class,
                        pathClass,
                        long.class,
                        String.class,
                        String.class,
                        String.class);
    }

    /**
     * The object's stream, opened without a HEAD, or empty if {@code fs} is not S3A (or S3A cannot
     * be driven this way): the caller then opens it as usual. A missing object fails on the first
     * read, as a {@link java.io.FileNotFoundException}.
     */
    static Optional<InputStream> open(FileSystem fs, Path path, long size) throws IOException {
        Object hadoopFs = hadoopFileSystemOf(fs);
        if (hadoopFs == null) {
            return Optional.empty();
        }
        Optional<S3aKnownSizeOpen> s3a = BY_HADOOP_CLASS.get(hadoopFs.getClass());
        if (s3a.isEmpty()) {
            return Optional.empty();
        }
        return s3a.get().openWithSize(hadoopFs, path, size);
    }

    private Optional<InputStream> openWithSize(Object hadoopFs, Path path, long size)
            throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // What Flink's plugin wrapper does around an open: the AWS SDK finds its classes there.
        thread.setContextClassLoader(hadoopFs.getClass().getClassLoader());
        try {
            // S3A refuses a status whose path differs from the opened one, so both are the
            // qualified path (scheme and bucket as the file system spells them).
            Object qualified = makeQualified.invoke(hadoopFs, hadoopPath.newInstance(path.toUri()));
            Object status =
                    s3aFileStatus.newInstance(
                            size,
                            0L,
                            qualified,
                            defaultBlockSize.invoke(hadoopFs, qualified),
                            username.invoke(hadoopFs),
                            null,
                            null);
            Object builder = withFileStatus.invoke(openFile.invoke(hadoopFs, qualified), status);
            CompletableFuture<?> stream = (CompletableFuture<?>) build.invoke(builder);
            return Optional.of((InputStream) stream.get());
        } catch (InvocationTargetException e) {
            return ioErrorOrNothing(e.getCause());
        } catch (ExecutionException e) {
            return ioErrorOrNothing(e.getCause());
        } catch (InterruptedException e) {
            thread.interrupt();
            throw new InterruptedIOException("interrupted opening " + path);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable(e);
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * An I/O error of the open is the object's and is thrown as it is; anything else (S3A refusing
     * the status, say) means this way of opening does not work, and the caller opens as usual.
     */
    private static Optional<InputStream> ioErrorOrNothing(Throwable cause) throws IOException {
        if (cause instanceof UncheckedIOException) {
            cause = cause.getCause();
        }
        if (cause instanceof IOException) {
            throw (IOException) cause;
        }
        unavailable(cause);
        return Optional.empty();
    }

    /** The Hadoop file system behind a Flink one, or null if it has none. */
    private static Object hadoopFileSystemOf(FileSystem fs) {
        FileSystem unwrapped = fs;
        if (fs instanceof WrappingProxy) {
            // The safety net of a task thread, and the class-loader wrapper of a plugin.
            @SuppressWarnings("unchecked")
            FileSystem inner = WrappingProxyUtil.stripProxy((WrappingProxy<FileSystem>) fs);
            unwrapped = inner;
        }
        Optional<Method> getter = HADOOP_FS_GETTER.get(unwrapped.getClass());
        if (getter.isEmpty()) {
            return null;
        }
        try {
            return getter.get().invoke(unwrapped);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable(e);
            return null;
        }
    }

    private static boolean isS3a(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (S3A_FILE_SYSTEM.equals(c.getName())) {
                return true;
            }
        }
        return false;
    }

    /** Logs once, with the error's type and message only: never a path or a document. */
    private static void unavailable(Throwable e) {
        if (UNAVAILABLE_LOGGED.compareAndSet(false, true)) {
            LOG.info(
                    "S3A objects are opened with a HEAD before each GET: the open with a known"
                            + " size is not available ({})",
                    e == null ? "no cause" : e.getClass().getName());
        }
    }
}
