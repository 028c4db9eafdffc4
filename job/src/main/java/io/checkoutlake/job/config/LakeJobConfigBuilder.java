package io.checkoutlake.job.config;

import io.checkoutlake.job.backfill.BackfillFolders;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects settings, typed or as text, and validates them all in {@link #build()}.
 *
 * <p>Text values ({@link #set(String, String)}) are parsed when set, so a malformed value fails
 * with its key right away; ranges, required keys and combinations are checked by {@link #build()}
 * whichever way a value was set. Starts from the defaults in {@link ConfigKey}.
 */
public final class LakeJobConfigBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(LakeJobConfigBuilder.class);
    static final Duration MIN_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    // A document is fetched into one byte array; staying well under the 2 GiB array limit keeps
    // the heap of a subtask with many fetches in flight predictable.
    static final long MAX_DOCUMENT_BYTES = 1L << 30;
    static final int MAX_FETCH_CONCURRENCY = 10_000;
    static final int MAX_FETCH_RETRIES = 100;
    static final int MAX_COMPACTION_CHECKPOINTS = 1000;
    // Glue database names: lower case (Athena lower-cases names), digits and underscores.
    private static final java.util.regex.Pattern GLUE_DATABASE_NAME =
            java.util.regex.Pattern.compile("[a-z0-9_]{1,255}");

    // An instant whose fields are all two-digit and distinct, to show what a pattern produces.
    private static final Instant SAMPLE_EVENT_TIME = Instant.parse("2024-11-23T17:45:59.123Z");
    // Text rather than an enum: the sink maps the name to its Parquet codec.
    private static final Set<String> COMPRESSIONS = Set.of("zstd", "snappy");

    // Object stores whose URIs name the bucket as the authority.
    private static final Set<String> BUCKET_SCHEMES = Set.of("s3", "s3a", "s3n", "s3p", "gs");
    private static final String URI_EXAMPLES = "e.g. s3a://bucket/prefix or file:///path";
    private static final Set<String> ENDPOINT_SCHEMES = Set.of("http", "https");
    private static final String ENDPOINT_EXAMPLES =
            "e.g. https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000";

    Mode mode;
    SourceKind sourceKind;
    URI sourcePath;
    String kinesisStream;
    String kinesisInitialPosition;
    Instant kinesisInitialTimestamp;
    String awsRegion;
    private Supplier<Optional<String>> defaultRegion = Optional::empty;
    URI awsEndpoint;
    Duration sourceMonitorInterval;
    Duration sourceFilesHorizon;
    URI lakePath;
    String lakePartitionPattern;
    String lakeCompression;
    boolean lakeDictionaryEncoding;
    long lakeMaxPartSize;
    Duration lakeCommitDelay;
    boolean lakeCompactionEnabled;
    long lakeCompactionTargetSize;
    int lakeCompactionMaxCheckpoints;
    boolean glueRegisterPartitions;
    String glueDatabase;
    URI deadletterPath;
    long documentMaxBytes;
    int fetchConcurrency;
    Duration fetchTimeout;
    int fetchRetries;
    URI s3Endpoint;
    boolean s3PathStyleAccess;
    Integer parallelism;
    URI checkpointDir;
    Duration checkpointInterval;
    String restoreFrom;
    int restPort;
    Duration watermarkOutOfOrderness;
    Duration watermarkIdleness;
    Duration watermarkMaxFuture;
    Duration dedupRetention;
    String backfillFolders;
    int backfillFoldersPerJob;
    Duration backfillProgressInterval;
    boolean backfillResume;
    boolean backfillCoveredOnly;

    LakeJobConfigBuilder() {
        for (ConfigKey key : ConfigKey.values()) {
            key.defaultValue().ifPresent(value -> set(key, value));
        }
    }

    /**
     * Sets a key from its text, as on the command line or in a property group.
     *
     * @throws ConfigException naming the key if it does not exist or the text does not parse
     */
    public LakeJobConfigBuilder set(String key, String value) {
        return set(ConfigKey.require(key), value);
    }

    /**
     * Sets a key from its text.
     *
     * @throws ConfigException naming the key if the text does not parse
     */
    public LakeJobConfigBuilder set(ConfigKey key, String value) {
        if (key.isCommandLineOnly()) {
            throw ConfigException.forKey(key.key(), "is a command-line option, not a setting");
        }
        String text = value == null ? "" : value.trim();
        if (text.isEmpty()) {
            throw ConfigException.forKey(key.key(), "empty value");
        }
        try {
            return setParsed(key, text);
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw ConfigException.forKey(key.key(), e.getMessage());
        }
    }

    private LakeJobConfigBuilder setParsed(ConfigKey key, String text) {
        switch (key) {
            case MODE:
                return mode(Mode.fromConfigValue(text));
            case SOURCE_KIND:
                return sourceKind(SourceKind.fromConfigValue(text));
            case KINESIS_STREAM:
                return kinesisStream(text);
            case KINESIS_INITIAL_POSITION:
                return kinesisInitialPosition(text);
            case KINESIS_INITIAL_TIMESTAMP:
                return kinesisInitialTimestamp(parseInstant(text));
            case AWS_REGION:
                return awsRegion(text);
            case AWS_ENDPOINT:
                return awsEndpoint(parseEndpoint(text));
            case SOURCE_PATH:
                return sourcePath(parseUri(text));
            case SOURCE_MONITOR_INTERVAL:
                return sourceMonitorInterval(Durations.parse(text));
            case SOURCE_FILES_HORIZON:
                return sourceFilesHorizon(Durations.parse(text));
            case LAKE_PATH:
                return lakePath(parseUri(text));
            case LAKE_PARTITION_PATTERN:
                return lakePartitionPattern(text);
            case LAKE_COMPRESSION:
                return lakeCompression(text);
            case LAKE_DICTIONARY_ENCODING:
                return lakeDictionaryEncoding(parseBoolean(text));
            case LAKE_MAX_PART_SIZE:
                return lakeMaxPartSize(ByteSizes.parse(text));
            case LAKE_COMMIT_DELAY:
                return lakeCommitDelay(Durations.parse(text));
            case LAKE_COMPACTION_ENABLED:
                return lakeCompactionEnabled(parseBoolean(text));
            case LAKE_COMPACTION_TARGET_SIZE:
                return lakeCompactionTargetSize(ByteSizes.parse(text));
            case LAKE_COMPACTION_MAX_CHECKPOINTS:
                return lakeCompactionMaxCheckpoints(parseInt(text));
            case GLUE_REGISTER_PARTITIONS:
                return glueRegisterPartitions(parseBoolean(text));
            case GLUE_DATABASE:
                return glueDatabase(text);
            case DEADLETTER_PATH:
                return deadletterPath(parseUri(text));
            case DOCUMENT_MAX_BYTES:
                return documentMaxBytes(ByteSizes.parse(text));
            case FETCH_CONCURRENCY:
                return fetchConcurrency(parseInt(text));
            case FETCH_TIMEOUT:
                return fetchTimeout(Durations.parse(text));
            case FETCH_RETRIES:
                return fetchRetries(parseInt(text));
            case S3_ENDPOINT:
                return s3Endpoint(parseEndpoint(text));
            case S3_PATH_STYLE_ACCESS:
                return s3PathStyleAccess(parseBoolean(text));
            case PARALLELISM:
                return parallelism(parseInt(text));
            case CHECKPOINT_DIR:
                return checkpointDir(parseUri(text));
            case CHECKPOINT_INTERVAL:
                return checkpointInterval(Durations.parse(text));
            case RESTORE_FROM:
                return restoreFrom(text);
            case REST_PORT:
                return restPort(parseInt(text));
            case WATERMARK_OUT_OF_ORDERNESS:
                return watermarkOutOfOrderness(Durations.parse(text));
            case WATERMARK_IDLENESS:
                return watermarkIdleness(Durations.parse(text));
            case WATERMARK_MAX_FUTURE:
                return watermarkMaxFuture(Durations.parse(text));
            case DEDUP_RETENTION:
                return dedupRetention(Durations.parse(text));
            case BACKFILL_FOLDERS:
                return backfillFolders(BackfillFolders.parse(text).spec());
            case BACKFILL_FOLDERS_PER_JOB:
                return backfillFoldersPerJob(parseInt(text));
            case BACKFILL_PROGRESS_INTERVAL:
                return backfillProgressInterval(Durations.parse(text));
            case BACKFILL_RESUME:
                return backfillResume(parseBoolean(text));
            case BACKFILL_COVERED_ONLY:
                return backfillCoveredOnly(parseBoolean(text));
            default:
                throw new IllegalStateException("no setter for " + key);
        }
    }

    public LakeJobConfigBuilder mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    public LakeJobConfigBuilder sourceKind(SourceKind sourceKind) {
        this.sourceKind = sourceKind;
        return this;
    }

    public LakeJobConfigBuilder sourcePath(URI sourcePath) {
        this.sourcePath = sourcePath;
        return this;
    }

    public LakeJobConfigBuilder kinesisStream(String kinesisStream) {
        this.kinesisStream = kinesisStream;
        return this;
    }

    /** {@code TRIM_HORIZON}, {@code LATEST} or {@code AT_TIMESTAMP}. */
    public LakeJobConfigBuilder kinesisInitialPosition(String kinesisInitialPosition) {
        this.kinesisInitialPosition = kinesisInitialPosition;
        return this;
    }

    public LakeJobConfigBuilder kinesisInitialTimestamp(Instant kinesisInitialTimestamp) {
        this.kinesisInitialTimestamp = kinesisInitialTimestamp;
        return this;
    }

    public LakeJobConfigBuilder awsRegion(String awsRegion) {
        this.awsRegion = awsRegion;
        return this;
    }

    /**
     * Where {@code aws.region} comes from when it is not set and a Kinesis source or the Glue
     * registration needs it, e.g. {@link AwsRegions#fromDefaultChain}; by default nowhere.
     */
    public LakeJobConfigBuilder defaultRegion(Supplier<Optional<String>> defaultRegion) {
        this.defaultRegion = defaultRegion;
        return this;
    }

    /** {@code http(s)://host[:port]}; {@code null}: the region's AWS endpoints. */
    public LakeJobConfigBuilder awsEndpoint(URI awsEndpoint) {
        this.awsEndpoint = awsEndpoint;
        return this;
    }

    public LakeJobConfigBuilder sourceMonitorInterval(Duration sourceMonitorInterval) {
        this.sourceMonitorInterval = sourceMonitorInterval;
        return this;
    }

    /** {@link Duration#ZERO} disables the horizon. */
    public LakeJobConfigBuilder sourceFilesHorizon(Duration sourceFilesHorizon) {
        this.sourceFilesHorizon = sourceFilesHorizon;
        return this;
    }

    public LakeJobConfigBuilder lakePath(URI lakePath) {
        this.lakePath = lakePath;
        return this;
    }

    public LakeJobConfigBuilder lakePartitionPattern(String lakePartitionPattern) {
        this.lakePartitionPattern = lakePartitionPattern;
        return this;
    }

    /** {@code zstd} or {@code snappy}. */
    public LakeJobConfigBuilder lakeCompression(String lakeCompression) {
        this.lakeCompression = lakeCompression;
        return this;
    }

    /** In bytes. */
    public LakeJobConfigBuilder lakeMaxPartSize(long lakeMaxPartSize) {
        this.lakeMaxPartSize = lakeMaxPartSize;
        return this;
    }

    public LakeJobConfigBuilder lakeCommitDelay(Duration lakeCommitDelay) {
        this.lakeCommitDelay = lakeCommitDelay;
        return this;
    }

    public LakeJobConfigBuilder lakeDictionaryEncoding(boolean lakeDictionaryEncoding) {
        this.lakeDictionaryEncoding = lakeDictionaryEncoding;
        return this;
    }

    public LakeJobConfigBuilder lakeCompactionEnabled(boolean lakeCompactionEnabled) {
        this.lakeCompactionEnabled = lakeCompactionEnabled;
        return this;
    }

    public LakeJobConfigBuilder lakeCompactionTargetSize(long lakeCompactionTargetSize) {
        this.lakeCompactionTargetSize = lakeCompactionTargetSize;
        return this;
    }

    public LakeJobConfigBuilder lakeCompactionMaxCheckpoints(int lakeCompactionMaxCheckpoints) {
        this.lakeCompactionMaxCheckpoints = lakeCompactionMaxCheckpoints;
        return this;
    }

    public LakeJobConfigBuilder glueRegisterPartitions(boolean glueRegisterPartitions) {
        this.glueRegisterPartitions = glueRegisterPartitions;
        return this;
    }

    public LakeJobConfigBuilder glueDatabase(String glueDatabase) {
        this.glueDatabase = glueDatabase;
        return this;
    }

    public LakeJobConfigBuilder deadletterPath(URI deadletterPath) {
        this.deadletterPath = deadletterPath;
        return this;
    }

    public LakeJobConfigBuilder documentMaxBytes(long documentMaxBytes) {
        this.documentMaxBytes = documentMaxBytes;
        return this;
    }

    public LakeJobConfigBuilder fetchConcurrency(int fetchConcurrency) {
        this.fetchConcurrency = fetchConcurrency;
        return this;
    }

    public LakeJobConfigBuilder fetchTimeout(Duration fetchTimeout) {
        this.fetchTimeout = fetchTimeout;
        return this;
    }

    public LakeJobConfigBuilder fetchRetries(int fetchRetries) {
        this.fetchRetries = fetchRetries;
        return this;
    }

    /** {@code http(s)://host[:port]}; {@code null} means AWS S3. */
    public LakeJobConfigBuilder s3Endpoint(URI s3Endpoint) {
        this.s3Endpoint = s3Endpoint;
        return this;
    }

    /** Empty means AWS S3. */
    public LakeJobConfigBuilder s3Endpoint(Optional<URI> s3Endpoint) {
        this.s3Endpoint = s3Endpoint.orElse(null);
        return this;
    }

    public LakeJobConfigBuilder s3PathStyleAccess(boolean s3PathStyleAccess) {
        this.s3PathStyleAccess = s3PathStyleAccess;
        return this;
    }

    public LakeJobConfigBuilder parallelism(int parallelism) {
        this.parallelism = parallelism;
        return this;
    }

    /** Empty leaves the parallelism to the execution environment. */
    public LakeJobConfigBuilder parallelism(OptionalInt parallelism) {
        this.parallelism = parallelism.isPresent() ? parallelism.getAsInt() : null;
        return this;
    }

    public LakeJobConfigBuilder checkpointDir(URI checkpointDir) {
        this.checkpointDir = checkpointDir;
        return this;
    }

    public LakeJobConfigBuilder checkpointInterval(Duration checkpointInterval) {
        this.checkpointInterval = checkpointInterval;
        return this;
    }

    /** {@value LakeJobConfig#RESTORE_LATEST}, or a checkpoint/savepoint URI or path. */
    public LakeJobConfigBuilder restoreFrom(String restoreFrom) {
        this.restoreFrom = restoreFrom;
        return this;
    }

    /** Empty means a fresh start. */
    public LakeJobConfigBuilder restoreFrom(Optional<String> restoreFrom) {
        this.restoreFrom = restoreFrom.orElse(null);
        return this;
    }

    public LakeJobConfigBuilder restPort(int restPort) {
        this.restPort = restPort;
        return this;
    }

    public LakeJobConfigBuilder watermarkOutOfOrderness(Duration watermarkOutOfOrderness) {
        this.watermarkOutOfOrderness = watermarkOutOfOrderness;
        return this;
    }

    /** {@link Duration#ZERO} disables idleness detection. */
    public LakeJobConfigBuilder watermarkIdleness(Duration watermarkIdleness) {
        this.watermarkIdleness = watermarkIdleness;
        return this;
    }

    public LakeJobConfigBuilder watermarkMaxFuture(Duration watermarkMaxFuture) {
        this.watermarkMaxFuture = watermarkMaxFuture;
        return this;
    }

    /** {@link Duration#ZERO} disables deduplication. */
    public LakeJobConfigBuilder dedupRetention(Duration dedupRetention) {
        this.dedupRetention = dedupRetention;
        return this;
    }

    public LakeJobConfigBuilder backfillFolders(String backfillFolders) {
        this.backfillFolders = backfillFolders;
        return this;
    }

    public LakeJobConfigBuilder backfillFoldersPerJob(int backfillFoldersPerJob) {
        this.backfillFoldersPerJob = backfillFoldersPerJob;
        return this;
    }

    public LakeJobConfigBuilder backfillProgressInterval(Duration backfillProgressInterval) {
        this.backfillProgressInterval = backfillProgressInterval;
        return this;
    }

    public LakeJobConfigBuilder backfillResume(boolean backfillResume) {
        this.backfillResume = backfillResume;
        return this;
    }

    public LakeJobConfigBuilder backfillCoveredOnly(boolean backfillCoveredOnly) {
        this.backfillCoveredOnly = backfillCoveredOnly;
        return this;
    }

    /**
     * Validates every setting and returns the configuration. Paths are normalized on the way: a
     * trailing slash is dropped and {@code file:/x} becomes {@code file:///x}.
     *
     * @throws ConfigException naming the first key (in {@link ConfigKey} order) that is wrong;
     *     missing required keys are all named at once
     */
    public LakeJobConfig build() {
        requireRequiredKeys();
        requireSet(ConfigKey.MODE, mode);
        requireSet(ConfigKey.SOURCE_KIND, sourceKind);
        resolveRegion();
        checkKinesis();
        if (sourcePath == null && sourceKind == SourceKind.KINESIS) {
            // Records carry their documents: the stream is where they come from.
            sourcePath = URI.create("kinesis://" + kinesisStream);
        }
        sourcePath = checkedPath(ConfigKey.SOURCE_PATH, sourcePath);
        requirePositive(ConfigKey.SOURCE_MONITOR_INTERVAL, sourceMonitorInterval);
        requireAtLeast(ConfigKey.SOURCE_FILES_HORIZON, sourceFilesHorizon, Duration.ZERO);
        lakePath = checkedPath(ConfigKey.LAKE_PATH, lakePath);
        checkPartitionPattern();
        requireSet(ConfigKey.LAKE_COMPRESSION, lakeCompression);
        if (!COMPRESSIONS.contains(lakeCompression)) {
            throw ConfigException.forKey(
                    ConfigKey.LAKE_COMPRESSION.key(),
                    quoted(lakeCompression) + " is not a compression (zstd or snappy)");
        }
        requirePositiveSize(ConfigKey.LAKE_MAX_PART_SIZE, lakeMaxPartSize);
        requireAtLeast(ConfigKey.LAKE_COMMIT_DELAY, lakeCommitDelay, Duration.ZERO);
        requirePositiveSize(ConfigKey.LAKE_COMPACTION_TARGET_SIZE, lakeCompactionTargetSize);
        requireBetween(
                ConfigKey.LAKE_COMPACTION_MAX_CHECKPOINTS,
                lakeCompactionMaxCheckpoints,
                1,
                MAX_COMPACTION_CHECKPOINTS);
        checkGlue();
        deadletterPath = checkedPath(ConfigKey.DEADLETTER_PATH, deadletterPath);
        requirePositiveSize(ConfigKey.DOCUMENT_MAX_BYTES, documentMaxBytes);
        if (documentMaxBytes > MAX_DOCUMENT_BYTES) {
            throw ConfigException.forKey(
                    ConfigKey.DOCUMENT_MAX_BYTES.key(),
                    quoted(ByteSizes.format(documentMaxBytes))
                            + " is more than "
                            + ByteSizes.format(MAX_DOCUMENT_BYTES)
                            + " (a document is held in memory whole)");
        }
        requireBetween(ConfigKey.FETCH_CONCURRENCY, fetchConcurrency, 1, MAX_FETCH_CONCURRENCY);
        requirePositive(ConfigKey.FETCH_TIMEOUT, fetchTimeout);
        requireBetween(ConfigKey.FETCH_RETRIES, fetchRetries, 0, MAX_FETCH_RETRIES);
        checkS3Endpoint();
        if (parallelism != null && parallelism < 1) {
            throw ConfigException.forKey(
                    ConfigKey.PARALLELISM.key(),
                    quoted(parallelism) + " is not a positive integer");
        }
        checkpointDir = checkedPath(ConfigKey.CHECKPOINT_DIR, checkpointDir);
        requireAtLeast(ConfigKey.CHECKPOINT_INTERVAL, checkpointInterval, MIN_CHECKPOINT_INTERVAL);
        checkRestoreFrom();
        requireBetween(ConfigKey.REST_PORT, restPort, 0, 65535);
        requireAtLeast(
                ConfigKey.WATERMARK_OUT_OF_ORDERNESS, watermarkOutOfOrderness, Duration.ZERO);
        requireAtLeast(ConfigKey.WATERMARK_IDLENESS, watermarkIdleness, Duration.ZERO);
        requireAtLeast(ConfigKey.WATERMARK_MAX_FUTURE, watermarkMaxFuture, Duration.ZERO);
        requireAtLeast(ConfigKey.DEDUP_RETENTION, dedupRetention, Duration.ZERO);
        try {
            backfillFolders = BackfillFolders.parse(backfillFolders).spec();
        } catch (IllegalArgumentException e) {
            throw ConfigException.forKey(ConfigKey.BACKFILL_FOLDERS.key(), e.getMessage());
        }
        requireBetween(ConfigKey.BACKFILL_FOLDERS_PER_JOB, backfillFoldersPerJob, 1, 512);
        requireAtLeast(
                ConfigKey.BACKFILL_PROGRESS_INTERVAL,
                backfillProgressInterval,
                Duration.ofSeconds(1));
        return new LakeJobConfig(this);
    }

    private void requireRequiredKeys() {
        List<String> missing = new ArrayList<>();
        for (ConfigKey key : ConfigKey.values()) {
            if (key.isRequired() && requiredValue(key) == null) {
                missing.add(key.key());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String also =
                missing.size() == 1
                        ? ""
                        : " (also missing: --"
                                + String.join(", --", missing.subList(1, missing.size()))
                                + ")";
        throw ConfigException.forKey(missing.get(0), "is required but not set" + also);
    }

    private Object requiredValue(ConfigKey key) {
        switch (key) {
            case SOURCE_PATH:
                // source.kind=kinesis reads no objects: the stream stands in for the path.
                return sourcePath == null && sourceKind == SourceKind.KINESIS ? "" : sourcePath;
            case LAKE_PATH:
                return lakePath;
            case DEADLETTER_PATH:
                return deadletterPath;
            default:
                throw new IllegalStateException("no required field for " + key);
        }
    }

    private static URI parseUri(String text) {
        try {
            if (text.startsWith("/")) {
                // The multi-argument constructor quotes what a path may hold but a URI may not.
                return new URI("file", "", text, null, null);
            }
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    quoted(text) + " is not a URI (" + e.getReason() + "; " + URI_EXAMPLES + ")");
        }
    }

    private static URI checkedPath(ConfigKey key, URI uri) {
        requireSet(key, uri);
        if (!uri.isAbsolute() || uri.isOpaque()) {
            throw ConfigException.forKey(
                    key.key(),
                    quoted(uri) + " is not an absolute URI with a scheme (" + URI_EXAMPLES + ")");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw ConfigException.forKey(
                    key.key(), quoted(uri) + " has a query or fragment; a path has neither");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        if (scheme.equals("file") && !authority.isEmpty() && !authority.equals("localhost")) {
            // file://tmp/x is a classic slip for file:///tmp/x: it names host "tmp".
            throw ConfigException.forKey(
                    key.key(),
                    quoted(uri)
                            + " names host '"
                            + authority
                            + "'; a local path needs three slashes: file:///"
                            + authority
                            + uri.getRawPath());
        }
        if (BUCKET_SCHEMES.contains(scheme) && authority.isEmpty()) {
            throw ConfigException.forKey(
                    key.key(),
                    quoted(uri) + " names no bucket (e.g. " + scheme + "://bucket/prefix)");
        }
        String path = uri.getRawPath();
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + authority + path);
    }

    private void checkPartitionPattern() {
        ConfigKey key = ConfigKey.LAKE_PARTITION_PATTERN;
        requireSet(key, lakePartitionPattern);
        DateTimeFormatter formatter;
        String sample;
        try {
            formatter = DateTimeFormatter.ofPattern(lakePartitionPattern);
            sample = formatter.withZone(ZoneOffset.UTC).format(SAMPLE_EVENT_TIME);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw ConfigException.forKey(
                    key.key(),
                    quoted(lakePartitionPattern)
                            + " is not a usable DateTimeFormatter pattern ("
                            + e.getMessage()
                            + ")");
        }
        if (formatter.toString().contains("WeekBasedYear")) {
            // YYYY puts the last days of December into next year's folder.
            throw ConfigException.forKey(
                    key.key(),
                    quoted(lakePartitionPattern)
                            + " uses the week-based year (Y); use yyyy for the calendar year");
        }
        boolean relativeFolder =
                !sample.isBlank()
                        && !sample.startsWith("/")
                        && !sample.endsWith("/")
                        && !sample.contains("\\")
                        && !Arrays.asList(sample.split("/")).contains("..");
        if (!relativeFolder) {
            throw ConfigException.forKey(
                    key.key(),
                    quoted(lakePartitionPattern)
                            + " does not name a relative folder (it gives "
                            + quoted(sample)
                            + ")");
        }
    }

    private void checkRestoreFrom() {
        if (restoreFrom == null) {
            return;
        }
        ConfigKey key = ConfigKey.RESTORE_FROM;
        String value = restoreFrom.trim();
        if (!value.equals(LakeJobConfig.RESTORE_LATEST) && !isAbsolutePathOrUri(value)) {
            throw ConfigException.forKey(
                    key.key(),
                    quoted(restoreFrom)
                            + " is neither 'latest' nor an absolute checkpoint/savepoint URI or"
                            + " path");
        }
        if (mode == Mode.BACKFILL) {
            throw ConfigException.forKey(
                    key.key(),
                    quoted(restoreFrom)
                            + " cannot be used with --mode backfill (batch execution takes no"
                            + " checkpoints)");
        }
        restoreFrom = value;
    }

    private static boolean isAbsolutePathOrUri(String value) {
        if (value.startsWith("/")) {
            return true;
        }
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && !uri.isOpaque();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static final Set<String> INITIAL_POSITIONS =
            Set.of("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP");
    // Kinesis stream names: 1..128 of [a-zA-Z0-9_.-].
    private static final java.util.regex.Pattern STREAM_NAME =
            java.util.regex.Pattern.compile("[a-zA-Z0-9_.-]{1,128}");
    private static final java.util.regex.Pattern REGION =
            java.util.regex.Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

    /** Asks {@link #defaultRegion} only when a region is needed (instance metadata is slow). */
    private void resolveRegion() {
        boolean needed =
                (sourceKind != null && sourceKind.readsKinesis()) || glueRegisterPartitions;
        if (awsRegion != null || !needed) {
            return;
        }
        defaultRegion
                .get()
                .ifPresent(
                        region -> {
                            LOG.info(
                                    "aws.region is not set: {} from the AWS SDK's default region"
                                            + " chain",
                                    region);
                            awsRegion = region;
                        });
    }

    /** The kinesis.* and aws.* keys: valid when given, present when a Kinesis source needs them. */
    private void checkKinesis() {
        if (kinesisStream != null && !STREAM_NAME.matcher(kinesisStream).matches()) {
            throw ConfigException.forKey(
                    ConfigKey.KINESIS_STREAM.key(),
                    quoted(kinesisStream) + " is not a stream name (1..128 of a-z A-Z 0-9 _ . -)");
        }
        requireSet(ConfigKey.KINESIS_INITIAL_POSITION, kinesisInitialPosition);
        if (!INITIAL_POSITIONS.contains(kinesisInitialPosition)) {
            throw ConfigException.forKey(
                    ConfigKey.KINESIS_INITIAL_POSITION.key(),
                    quoted(kinesisInitialPosition)
                            + " is not an initial position (TRIM_HORIZON, LATEST or AT_TIMESTAMP)");
        }
        if (awsRegion != null && !REGION.matcher(awsRegion).matches()) {
            throw ConfigException.forKey(
                    ConfigKey.AWS_REGION.key(),
                    quoted(awsRegion) + " is not an AWS region (e.g. eu-west-1)");
        }
        if (awsEndpoint != null) {
            String scheme =
                    awsEndpoint.getScheme() == null
                            ? ""
                            : awsEndpoint.getScheme().toLowerCase(Locale.ROOT);
            if (!ENDPOINT_SCHEMES.contains(scheme)
                    || awsEndpoint.isOpaque()
                    || awsEndpoint.getHost() == null) {
                throw ConfigException.forKey(
                        ConfigKey.AWS_ENDPOINT.key(),
                        quoted(awsEndpoint)
                                + " is not an http:// or https:// URL with a host (e.g."
                                + " http://127.0.0.1:4567)");
            }
        }
        if (sourceKind == null || !sourceKind.readsKinesis()) {
            return;
        }
        String kind = " when source.kind is " + sourceKind.configValue();
        if (kinesisStream == null) {
            throw ConfigException.forKey(
                    ConfigKey.KINESIS_STREAM.key(), "is required but not set" + kind);
        }
        if (awsRegion == null) {
            throw ConfigException.forKey(
                    ConfigKey.AWS_REGION.key(), "is required but not set" + kind);
        }
        if (kinesisInitialPosition.equals("AT_TIMESTAMP") && kinesisInitialTimestamp == null) {
            throw ConfigException.forKey(
                    ConfigKey.KINESIS_INITIAL_TIMESTAMP.key(),
                    "is required but not set when kinesis.initial-position is AT_TIMESTAMP");
        }
        if (mode == Mode.BACKFILL) {
            throw ConfigException.forKey(
                    ConfigKey.SOURCE_KIND.key(),
                    quoted(sourceKind.configValue())
                            + " reads an unbounded stream; it runs in mode stream only");
        }
    }

    private void checkGlue() {
        requireSet(ConfigKey.GLUE_DATABASE, glueDatabase);
        if (!GLUE_DATABASE_NAME.matcher(glueDatabase).matches()) {
            throw ConfigException.forKey(
                    ConfigKey.GLUE_DATABASE.key(),
                    quoted(glueDatabase) + " is not a Glue database name (1..255 of a-z 0-9 _)");
        }
        if (glueRegisterPartitions && awsRegion == null) {
            throw ConfigException.forKey(
                    ConfigKey.AWS_REGION.key(),
                    "is required but not set when glue.register-partitions is true");
        }
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(
                    quoted(text) + " is not an ISO-8601 instant (e.g. 2024-05-01T00:00:00Z)");
        }
    }

    private void checkS3Endpoint() {
        if (s3Endpoint == null) {
            return;
        }
        ConfigKey key = ConfigKey.S3_ENDPOINT;
        if (s3Endpoint.getRawUserInfo() != null) {
            // Not quoted: the user info may be a secret.
            throw ConfigException.forKey(
                    key.key(), "holds user info; " + ConfigKey.CREDENTIALS_ARE_NOT_KEYS);
        }
        String scheme =
                s3Endpoint.getScheme() == null
                        ? ""
                        : s3Endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!ENDPOINT_SCHEMES.contains(scheme)
                || s3Endpoint.isOpaque()
                || s3Endpoint.getHost() == null) {
            throw ConfigException.forKey(
                    key.key(),
                    quoted(s3Endpoint)
                            + " is not an http:// or https:// URL with a host ("
                            + ENDPOINT_EXAMPLES
                            + ")");
        }
        String path = s3Endpoint.getRawPath();
        if (!(path == null || path.isEmpty() || path.equals("/"))
                || s3Endpoint.getRawQuery() != null
                || s3Endpoint.getRawFragment() != null) {
            throw ConfigException.forKey(
                    key.key(),
                    quoted(s3Endpoint)
                            + " has a path, query or fragment; an endpoint is scheme, host and"
                            + " port ("
                            + ENDPOINT_EXAMPLES
                            + ")");
        }
        s3Endpoint = URI.create(scheme + "://" + s3Endpoint.getRawAuthority());
    }

    private static URI parseEndpoint(String text) {
        if (text.contains("@")) {
            // Not quoted: user info in a URL is a credential.
            throw new IllegalArgumentException(
                    "holds user info; " + ConfigKey.CREDENTIALS_ARE_NOT_KEYS);
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    quoted(text)
                            + " is not a URL ("
                            + e.getReason()
                            + "; "
                            + ENDPOINT_EXAMPLES
                            + ")");
        }
    }

    private static boolean parseBoolean(String text) {
        switch (text) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException(quoted(text) + " is not true or false");
        }
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(quoted(text) + " is not a whole number");
        }
    }

    private static void requireSet(ConfigKey key, Object value) {
        if (value == null) {
            throw ConfigException.forKey(key.key(), "is not set");
        }
    }

    private static void requirePositive(ConfigKey key, Duration value) {
        requireSet(key, value);
        if (value.isNegative() || value.isZero()) {
            throw ConfigException.forKey(
                    key.key(), quoted(Durations.format(value)) + " is not a positive duration");
        }
    }

    private static void requireAtLeast(ConfigKey key, Duration value, Duration min) {
        requireSet(key, value);
        if (value.compareTo(min) < 0) {
            throw ConfigException.forKey(
                    key.key(),
                    quoted(Durations.format(value)) + " is less than " + Durations.format(min));
        }
    }

    private static void requirePositiveSize(ConfigKey key, long bytes) {
        if (bytes <= 0) {
            throw ConfigException.forKey(
                    key.key(), quoted(ByteSizes.format(bytes)) + " is not a positive size");
        }
    }

    private static void requireBetween(ConfigKey key, int value, int min, int max) {
        if (value < min || value > max) {
            throw ConfigException.forKey(
                    key.key(), quoted(value) + " is not between " + min + " and " + max);
        }
    }

    private static String quoted(Object value) {
        return "'" + value + "'";
    }
}
