package io.checkoutlake.job.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkoutlake.job.backfill.BackfillFolders;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's whole configuration, typed and validated; see {@link ConfigKey} for every key.
 *
 * <p>It comes from the command line locally and on EMR ({@code --key value} or {@code
 * --key=value}), and on Amazon Managed Service for Apache Flink from the runtime property groups.
 * Serializable so that operators can carry it; it holds paths and tuning, no personal data.
 */
public final class LakeJobConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LakeJobConfig.class);

    /** Where Managed Flink puts the runtime properties (what KinesisAnalyticsRuntime reads). */
    public static final Path MANAGED_FLINK_PROPERTIES =
            Paths.get("/etc/flink/application_properties.json");

    /** {@code --properties-file classpath:NAME} reads a resource instead of a file. */
    public static final String CLASSPATH_PREFIX = "classpath:";

    /** {@code restore-from} value: the newest retained checkpoint, or a fresh start if none. */
    public static final String RESTORE_LATEST = "latest";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Mode mode;
    private final SourceKind sourceKind;
    private final URI sourcePath;
    private final String kinesisStream;
    private final String kinesisInitialPosition;
    private final Instant kinesisInitialTimestamp;
    private final String awsRegion;
    private final URI awsEndpoint;
    private final Duration sourceMonitorInterval;
    private final Duration sourceFilesHorizon;
    private final URI lakePath;
    private final String lakePartitionPattern;
    private final String lakeCompression;
    private final boolean lakeDictionaryEncoding;
    private final long lakeMaxPartSize;
    private final Duration lakeCommitDelay;
    private final boolean lakeCompactionEnabled;
    private final long lakeCompactionTargetSize;
    private final int lakeCompactionMaxCheckpoints;
    private final boolean glueRegisterPartitions;
    private final String glueDatabase;
    private final URI deadletterPath;
    private final long documentMaxBytes;
    private final int fetchConcurrency;
    private final Duration fetchTimeout;
    private final int fetchRetries;
    private final URI s3Endpoint;
    private final boolean s3PathStyleAccess;
    private final Integer parallelism;
    private final URI checkpointDir;
    private final Duration checkpointInterval;
    private final String restoreFrom;
    private final int restPort;
    private final Duration watermarkOutOfOrderness;
    private final Duration watermarkIdleness;
    private final Duration watermarkMaxFuture;
    private final Duration dedupRetention;
    private final String backfillFolders;
    private final int backfillFoldersPerJob;
    private final Duration backfillProgressInterval;
    private final boolean backfillResume;
    private final boolean backfillCoveredOnly;

    /** Only from {@link LakeJobConfigBuilder#build()}, which has validated every field. */
    LakeJobConfig(LakeJobConfigBuilder b) {
        this.mode = b.mode;
        this.sourceKind = b.sourceKind;
        this.sourcePath = b.sourcePath;
        this.kinesisStream = b.kinesisStream;
        this.kinesisInitialPosition = b.kinesisInitialPosition;
        this.kinesisInitialTimestamp = b.kinesisInitialTimestamp;
        this.awsRegion = b.awsRegion;
        this.awsEndpoint = b.awsEndpoint;
        this.sourceMonitorInterval = b.sourceMonitorInterval;
        this.sourceFilesHorizon = b.sourceFilesHorizon;
        this.lakePath = b.lakePath;
        this.lakePartitionPattern = b.lakePartitionPattern;
        this.lakeCompression = b.lakeCompression;
        this.lakeDictionaryEncoding = b.lakeDictionaryEncoding;
        this.lakeMaxPartSize = b.lakeMaxPartSize;
        this.lakeCommitDelay = b.lakeCommitDelay;
        this.lakeCompactionEnabled = b.lakeCompactionEnabled;
        this.lakeCompactionTargetSize = b.lakeCompactionTargetSize;
        this.lakeCompactionMaxCheckpoints = b.lakeCompactionMaxCheckpoints;
        this.glueRegisterPartitions = b.glueRegisterPartitions;
        this.glueDatabase = b.glueDatabase;
        this.deadletterPath = b.deadletterPath;
        this.documentMaxBytes = b.documentMaxBytes;
        this.fetchConcurrency = b.fetchConcurrency;
        this.fetchTimeout = b.fetchTimeout;
        this.fetchRetries = b.fetchRetries;
        this.s3Endpoint = b.s3Endpoint;
        this.s3PathStyleAccess = b.s3PathStyleAccess;
        this.parallelism = b.parallelism;
        this.checkpointDir = b.checkpointDir;
        this.checkpointInterval = b.checkpointInterval;
        this.restoreFrom = b.restoreFrom;
        this.restPort = b.restPort;
        this.watermarkOutOfOrderness = b.watermarkOutOfOrderness;
        this.watermarkIdleness = b.watermarkIdleness;
        this.watermarkMaxFuture = b.watermarkMaxFuture;
        this.dedupRetention = b.dedupRetention;
        this.backfillFolders = b.backfillFolders;
        this.backfillFoldersPerJob = b.backfillFoldersPerJob;
        this.backfillProgressInterval = b.backfillProgressInterval;
        this.backfillResume = b.backfillResume;
        this.backfillCoveredOnly = b.backfillCoveredOnly;
    }

    /** A builder holding the defaults; required keys still have to be set. */
    public static LakeJobConfigBuilder builder() {
        return new LakeJobConfigBuilder();
    }

    /** A builder holding this configuration, to derive a changed copy. */
    public LakeJobConfigBuilder toBuilder() {
        return builder()
                .mode(mode)
                .sourceKind(sourceKind)
                .sourcePath(sourcePath)
                .kinesisStream(kinesisStream)
                .kinesisInitialPosition(kinesisInitialPosition)
                .kinesisInitialTimestamp(kinesisInitialTimestamp)
                .awsRegion(awsRegion)
                .awsEndpoint(awsEndpoint)
                .sourceMonitorInterval(sourceMonitorInterval)
                .sourceFilesHorizon(sourceFilesHorizon)
                .lakePath(lakePath)
                .lakePartitionPattern(lakePartitionPattern)
                .lakeCompression(lakeCompression)
                .lakeDictionaryEncoding(lakeDictionaryEncoding)
                .lakeMaxPartSize(lakeMaxPartSize)
                .lakeCommitDelay(lakeCommitDelay)
                .lakeCompactionEnabled(lakeCompactionEnabled)
                .lakeCompactionTargetSize(lakeCompactionTargetSize)
                .lakeCompactionMaxCheckpoints(lakeCompactionMaxCheckpoints)
                .glueRegisterPartitions(glueRegisterPartitions)
                .glueDatabase(glueDatabase)
                .deadletterPath(deadletterPath)
                .documentMaxBytes(documentMaxBytes)
                .fetchConcurrency(fetchConcurrency)
                .fetchTimeout(fetchTimeout)
                .fetchRetries(fetchRetries)
                .s3Endpoint(s3Endpoint())
                .s3PathStyleAccess(s3PathStyleAccess)
                .parallelism(parallelism())
                .checkpointDir(checkpointDir)
                .checkpointInterval(checkpointInterval)
                .restoreFrom(restoreFrom())
                .restPort(restPort)
                .watermarkOutOfOrderness(watermarkOutOfOrderness)
                .watermarkIdleness(watermarkIdleness)
                .watermarkMaxFuture(watermarkMaxFuture)
                .dedupRetention(dedupRetention)
                .backfillFolders(backfillFolders)
                .backfillFoldersPerJob(backfillFoldersPerJob)
                .backfillProgressInterval(backfillProgressInterval)
                .backfillResume(backfillResume)
                .backfillCoveredOnly(backfillCoveredOnly);
    }

    // ---- Where configuration comes from ----------------------------------------------------

    /**
     * Reads the command line, on top of property groups from {@code --properties-file} or, when
     * that is not given, from Managed Flink's {@link #MANAGED_FLINK_PROPERTIES} if it exists.
     *
     * <p>{@code --help} is ignored here: check {@link #isHelpRequested} first.
     *
     * @throws ConfigException naming the key of the first problem
     */
    public static LakeJobConfig fromArgs(String[] args) {
        return fromArgs(args, MANAGED_FLINK_PROPERTIES, AwsRegions::fromDefaultChain);
    }

    /**
     * As {@link #fromArgs(String[])}, with the runtime properties file somewhere else and no region
     * from the environment (tests).
     *
     * @param runtimePropertiesFile read when it exists and {@code --properties-file} is not given
     */
    public static LakeJobConfig fromArgs(String[] args, Path runtimePropertiesFile) {
        return fromArgs(args, runtimePropertiesFile, Optional::empty);
    }

    /**
     * As {@link #fromArgs(String[], Path)}, with {@code aws.region}, when it is not set and needed,
     * from {@code defaultRegion} (production: {@link AwsRegions#fromDefaultChain}).
     */
    public static LakeJobConfig fromArgs(
            String[] args, Path runtimePropertiesFile, Supplier<Optional<String>> defaultRegion) {
        Map<ConfigKey, String> commandLine = parseArgs(args);
        String propertiesFile = commandLine.remove(ConfigKey.PROPERTIES_FILE);
        Map<ConfigKey, String> settings = new EnumMap<>(ConfigKey.class);
        if (propertiesFile != null) {
            settings.putAll(settingsOf(readPropertiesFile(propertiesFile)));
        } else if (runtimePropertiesFile != null && Files.exists(runtimePropertiesFile)) {
            Map<ConfigKey, String> runtime =
                    settingsOf(readRuntimeProperties(runtimePropertiesFile));
            if (runtime.containsKey(ConfigKey.RESTORE_FROM)) {
                // Managed Flink restores from its snapshots (ApplicationRestoreConfiguration);
                // a path here would replace them at every start of the application.
                throw ConfigException.forKey(
                        ConfigKey.RESTORE_FROM.key(),
                        "is not a runtime property: Managed Flink restores the application from"
                                + " its snapshots (ApplicationRestoreConfiguration)");
            }
            settings.putAll(runtime);
        }
        // Merged as text before parsing, so a command-line value replaces a bad file value.
        settings.putAll(commandLine);
        LakeJobConfigBuilder builder = builder().defaultRegion(defaultRegion);
        settings.forEach(builder::set);
        return builder.build();
    }

    /**
     * Reads property groups as Managed Flink hands them over ({@code
     * KinesisAnalyticsRuntime.getApplicationProperties()}): group id to the keys in that group.
     *
     * @throws ConfigException naming the key if it is unknown, in the wrong group or invalid
     */
    public static LakeJobConfig fromPropertyGroups(Map<String, Properties> groups) {
        return build(settingsOf(groups));
    }

    /** True if the arguments ask for the usage ({@code --help} or {@code -h}). */
    public static boolean isHelpRequested(String[] args) {
        return args != null
                && Arrays.stream(args).anyMatch(arg -> arg.equals("--help") || arg.equals("-h"));
    }

    /** The {@code --help} text: every key with its group, default and meaning. */
    public static String usage() {
        return ConfigKey.usage();
    }

    private static LakeJobConfig build(Map<ConfigKey, String> settings) {
        LakeJobConfigBuilder builder = builder();
        settings.forEach(builder::set);
        return builder.build();
    }

    private static Map<ConfigKey, String> parseArgs(String[] args) {
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        String[] tokens = args == null ? new String[0] : args;
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.equals("-h")) {
                continue;
            }
            if (!token.startsWith("--") || token.length() == 2) {
                throw ConfigException.general(
                        "unexpected argument '"
                                + token
                                + "': expected --key value or --key=value (--help lists the"
                                + " keys)",
                        null);
            }
            int equals = token.indexOf('=');
            String name = token.substring(2, equals < 0 ? token.length() : equals);
            String value = equals < 0 ? null : token.substring(equals + 1);
            ConfigKey key = ConfigKey.require(name);
            if (key == ConfigKey.HELP) {
                if (value != null) {
                    throw ConfigException.forKey(name, "takes no value");
                }
                continue;
            }
            if (value == null) {
                if (i + 1 == tokens.length || tokens[i + 1].startsWith("--")) {
                    throw ConfigException.forKey(name, "has no value");
                }
                value = tokens[++i];
            }
            if (values.put(key, value) != null) {
                throw ConfigException.forKey(name, "is given more than once");
            }
        }
        return values;
    }

    /** Flattens property groups, checking that every key exists and sits in its own group. */
    private static Map<ConfigKey, String> settingsOf(Map<String, Properties> groups) {
        Map<ConfigKey, String> settings = new EnumMap<>(ConfigKey.class);
        // Sorted, so that of several problems always the same one is reported.
        for (Map.Entry<String, Properties> group : new TreeMap<>(groups).entrySet()) {
            Properties properties = group.getValue() == null ? new Properties() : group.getValue();
            for (String name : new TreeSet<>(properties.stringPropertyNames())) {
                ConfigKey key = keyInGroup(group.getKey(), name);
                settings.put(key, properties.getProperty(name));
            }
        }
        return settings;
    }

    private static ConfigKey keyInGroup(String group, String name) {
        ConfigKey key =
                ConfigKey.fromKey(name).orElseThrow(() -> ConfigKey.unknownInGroup(name, group));
        if (key.isCommandLineOnly()) {
            throw ConfigException.forKey(
                    name,
                    "is a command-line option, not a property (found in property group '"
                            + group
                            + "')");
        }
        if (!key.group().equals(group)) {
            throw ConfigException.forKey(
                    name, "belongs in property group '" + key.group() + "', not '" + group + "'");
        }
        return key;
    }

    private static Map<String, Properties> readPropertiesFile(String location) {
        LOG.info("Reading property groups from {}", location);
        try {
            if (location.startsWith(CLASSPATH_PREFIX)) {
                String resource =
                        location.substring(CLASSPATH_PREFIX.length()).replaceFirst("^/", "");
                InputStream in = LakeJobConfig.class.getClassLoader().getResourceAsStream(resource);
                if (in == null) {
                    throw ConfigException.forKey(
                            ConfigKey.PROPERTIES_FILE.key(),
                            "'" + location + "' is not on the classpath");
                }
                try (InputStream json = in) {
                    return readPropertyGroups(json);
                }
            }
            try (InputStream json = Files.newInputStream(Paths.get(location))) {
                return readPropertyGroups(json);
            }
        } catch (NoSuchFileException e) {
            throw ConfigException.forKey(
                    ConfigKey.PROPERTIES_FILE.key(), "'" + location + "' does not exist");
        } catch (IOException e) {
            throw ConfigException.forKey(
                    ConfigKey.PROPERTIES_FILE.key(),
                    "cannot read '" + location + "': " + e.getMessage());
        }
    }

    private static Map<String, Properties> readRuntimeProperties(Path file) {
        LOG.info("Reading Managed Flink runtime property groups from {}", file);
        try (InputStream json = Files.newInputStream(file)) {
            return readPropertyGroups(json);
        } catch (IOException e) {
            throw ConfigException.general(
                    "cannot read runtime properties " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code [{"PropertyGroupId": "...", "PropertyMap": {"k": "v"}}, ...]}. */
    private static Map<String, Properties> readPropertyGroups(InputStream in) throws IOException {
        JsonNode root = JSON.readTree(in);
        if (root == null || !root.isArray()) {
            throw new IOException(
                    "expected a JSON array of {\"PropertyGroupId\": ..., \"PropertyMap\": {...}}");
        }
        Map<String, Properties> groups = new LinkedHashMap<>();
        for (JsonNode entry : root) {
            JsonNode id = entry.get("PropertyGroupId");
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                throw new IOException("every entry needs a PropertyGroupId string");
            }
            String group = id.asText();
            JsonNode map = entry.get("PropertyMap");
            if (map == null || !map.isObject()) {
                throw new IOException("property group '" + group + "' needs a PropertyMap object");
            }
            Properties properties = new Properties();
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                JsonNode value = property.getValue();
                if (!value.isValueNode() || value.isNull()) {
                    throw new IOException(
                            "'"
                                    + property.getKey()
                                    + "' in property group '"
                                    + group
                                    + "' is not a string");
                }
                properties.setProperty(property.getKey(), value.asText());
            }
            if (groups.put(group, properties) != null) {
                throw new IOException("property group '" + group + "' appears twice");
            }
        }
        return groups;
    }

    // ---- The settings ----------------------------------------------------------------------

    public Mode mode() {
        return mode;
    }

    public SourceKind sourceKind() {
        return sourceKind;
    }

    /** The raw prefix, absolute, without a trailing slash. */
    public URI sourcePath() {
        return sourcePath;
    }

    /** The Kinesis stream of source.kind kinesis and s3-events; empty otherwise. */
    public Optional<String> kinesisStream() {
        return Optional.ofNullable(kinesisStream);
    }

    /** {@code TRIM_HORIZON}, {@code LATEST} or {@code AT_TIMESTAMP}. */
    public String kinesisInitialPosition() {
        return kinesisInitialPosition;
    }

    public Optional<Instant> kinesisInitialTimestamp() {
        return Optional.ofNullable(kinesisInitialTimestamp);
    }

    public Optional<String> awsRegion() {
        return Optional.ofNullable(awsRegion);
    }

    /** {@code http(s)://host[:port]} of every AWS client (an emulator); empty: AWS itself. */
    public Optional<URI> awsEndpoint() {
        return Optional.ofNullable(awsEndpoint);
    }

    public Duration sourceMonitorInterval() {
        return sourceMonitorInterval;
    }

    /**
     * Stream mode over files: how far behind the newest modification time a file may be to be read
     * and remembered; {@link Duration#ZERO}: no horizon.
     */
    public Duration sourceFilesHorizon() {
        return sourceFilesHorizon;
    }

    /** The lake root, absolute, without a trailing slash. */
    public URI lakePath() {
        return lakePath;
    }

    /** Where a lake table lives: {@code <lake.path>/<table>}, e.g. {@code .../checkout}. */
    public URI lakeTablePath(String table) {
        String root = lakePath.toString();
        return URI.create(root + (root.endsWith("/") ? "" : "/") + table);
    }

    public String lakePartitionPattern() {
        return lakePartitionPattern;
    }

    /** {@link #lakePartitionPattern()} in UTC: formats an event-time {@code Instant} directly. */
    public DateTimeFormatter lakePartitionFormatter() {
        return DateTimeFormatter.ofPattern(lakePartitionPattern).withZone(ZoneOffset.UTC);
    }

    /** The Parquet codec of the part files: {@code zstd} or {@code snappy}. */
    public String lakeCompression() {
        return lakeCompression;
    }

    /** In bytes. */
    public long lakeMaxPartSize() {
        return lakeMaxPartSize;
    }

    /** Watermark lag past a partition's end before it is committed. */
    public Duration lakeCommitDelay() {
        return lakeCommitDelay;
    }

    public boolean lakeDictionaryEncoding() {
        return lakeDictionaryEncoding;
    }

    public boolean lakeCompactionEnabled() {
        return lakeCompactionEnabled;
    }

    /** In bytes. */
    public long lakeCompactionTargetSize() {
        return lakeCompactionTargetSize;
    }

    public int lakeCompactionMaxCheckpoints() {
        return lakeCompactionMaxCheckpoints;
    }

    public boolean glueRegisterPartitions() {
        return glueRegisterPartitions;
    }

    public String glueDatabase() {
        return glueDatabase;
    }

    /** The dead-letter root, absolute, without a trailing slash. Holds raw documents. */
    public URI deadletterPath() {
        return deadletterPath;
    }

    public long documentMaxBytes() {
        return documentMaxBytes;
    }

    public int fetchConcurrency() {
        return fetchConcurrency;
    }

    public Duration fetchTimeout() {
        return fetchTimeout;
    }

    public int fetchRetries() {
        return fetchRetries;
    }

    /** {@code http(s)://host[:port]} of the S3 API; empty: AWS S3. */
    public Optional<URI> s3Endpoint() {
        return Optional.ofNullable(s3Endpoint);
    }

    public boolean s3PathStyleAccess() {
        return s3PathStyleAccess;
    }

    /** Empty: leave it to the execution environment. */
    public OptionalInt parallelism() {
        return parallelism == null ? OptionalInt.empty() : OptionalInt.of(parallelism);
    }

    public URI checkpointDir() {
        return checkpointDir;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    /** {@value #RESTORE_LATEST} or a checkpoint/savepoint URI or path; empty: a fresh start. */
    public Optional<String> restoreFrom() {
        return Optional.ofNullable(restoreFrom);
    }

    public boolean restoresFromLatest() {
        return RESTORE_LATEST.equals(restoreFrom);
    }

    public int restPort() {
        return restPort;
    }

    public Duration watermarkOutOfOrderness() {
        return watermarkOutOfOrderness;
    }

    /** {@link Duration#ZERO}: idleness detection is off. */
    public Duration watermarkIdleness() {
        return watermarkIdleness;
    }

    /** How far ahead of the wall clock an event time still advances the watermark. */
    public Duration watermarkMaxFuture() {
        return watermarkMaxFuture;
    }

    /** {@link Duration#ZERO}: no deduplication of re-delivered objects. */
    public Duration dedupRetention() {
        return dedupRetention;
    }

    public BackfillFolders backfillFolders() {
        return BackfillFolders.parse(backfillFolders);
    }

    public int backfillFoldersPerJob() {
        return backfillFoldersPerJob;
    }

    public Duration backfillProgressInterval() {
        return backfillProgressInterval;
    }

    public boolean backfillResume() {
        return backfillResume;
    }

    public boolean backfillCoveredOnly() {
        return backfillCoveredOnly;
    }

    // ---- As text -----------------------------------------------------------------------------

    /**
     * Every set key with its value as configuration text, in {@link ConfigKey} order; unset
     * optional keys are left out. Feeding these to {@link LakeJobConfigBuilder#set(String, String)}
     * gives back an equal configuration.
     */
    public Map<String, String> toKeyValues() {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigKey key : ConfigKey.values()) {
            String text = key.isCommandLineOnly() ? null : valueText(key);
            if (text != null) {
                values.put(key.key(), text);
            }
        }
        return values;
    }

    private String valueText(ConfigKey key) {
        switch (key) {
            case MODE:
                return mode.configValue();
            case SOURCE_KIND:
                return sourceKind.configValue();
            case SOURCE_PATH:
                return sourcePath.toString();
            case KINESIS_STREAM:
                return kinesisStream;
            case KINESIS_INITIAL_POSITION:
                return kinesisInitialPosition;
            case KINESIS_INITIAL_TIMESTAMP:
                return kinesisInitialTimestamp == null ? null : kinesisInitialTimestamp.toString();
            case AWS_REGION:
                return awsRegion;
            case AWS_ENDPOINT:
                return awsEndpoint == null ? null : awsEndpoint.toString();
            case SOURCE_MONITOR_INTERVAL:
                return Durations.format(sourceMonitorInterval);
            case SOURCE_FILES_HORIZON:
                return Durations.format(sourceFilesHorizon);
            case LAKE_PATH:
                return lakePath.toString();
            case LAKE_PARTITION_PATTERN:
                return lakePartitionPattern;
            case LAKE_COMPRESSION:
                return lakeCompression;
            case LAKE_DICTIONARY_ENCODING:
                return Boolean.toString(lakeDictionaryEncoding);
            case LAKE_MAX_PART_SIZE:
                return ByteSizes.format(lakeMaxPartSize);
            case LAKE_COMMIT_DELAY:
                return Durations.format(lakeCommitDelay);
            case LAKE_COMPACTION_ENABLED:
                return Boolean.toString(lakeCompactionEnabled);
            case LAKE_COMPACTION_TARGET_SIZE:
                return ByteSizes.format(lakeCompactionTargetSize);
            case LAKE_COMPACTION_MAX_CHECKPOINTS:
                return Integer.toString(lakeCompactionMaxCheckpoints);
            case GLUE_REGISTER_PARTITIONS:
                return Boolean.toString(glueRegisterPartitions);
            case GLUE_DATABASE:
                return glueDatabase;
            case DEADLETTER_PATH:
                return deadletterPath.toString();
            case DOCUMENT_MAX_BYTES:
                return ByteSizes.format(documentMaxBytes);
            case FETCH_CONCURRENCY:
                return Integer.toString(fetchConcurrency);
            case FETCH_TIMEOUT:
                return Durations.format(fetchTimeout);
            case FETCH_RETRIES:
                return Integer.toString(fetchRetries);
            case S3_ENDPOINT:
                return s3Endpoint == null ? null : s3Endpoint.toString();
            case S3_PATH_STYLE_ACCESS:
                return Boolean.toString(s3PathStyleAccess);
            case PARALLELISM:
                return parallelism == null ? null : parallelism.toString();
            case CHECKPOINT_DIR:
                return checkpointDir.toString();
            case CHECKPOINT_INTERVAL:
                return Durations.format(checkpointInterval);
            case RESTORE_FROM:
                return restoreFrom;
            case REST_PORT:
                return Integer.toString(restPort);
            case WATERMARK_OUT_OF_ORDERNESS:
                return Durations.format(watermarkOutOfOrderness);
            case WATERMARK_IDLENESS:
                return Durations.format(watermarkIdleness);
            case WATERMARK_MAX_FUTURE:
                return Durations.format(watermarkMaxFuture);
            case DEDUP_RETENTION:
                return Durations.format(dedupRetention);
            case BACKFILL_FOLDERS:
                return backfillFolders;
            case BACKFILL_FOLDERS_PER_JOB:
                return Integer.toString(backfillFoldersPerJob);
            case BACKFILL_PROGRESS_INTERVAL:
                return Durations.format(backfillProgressInterval);
            case BACKFILL_RESUME:
                return Boolean.toString(backfillResume);
            case BACKFILL_COVERED_ONLY:
                return Boolean.toString(backfillCoveredOnly);
            default:
                throw new IllegalStateException("no value for " + key);
        }
    }

    /** Every key and value, unset ones included, e.g. for the job's startup log. */
    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(", ", "LakeJobConfig{", "}");
        for (ConfigKey key : ConfigKey.values()) {
            if (!key.isCommandLineOnly()) {
                String text = valueText(key);
                joiner.add(key.key() + "=" + (text == null ? "(unset)" : text));
            }
        }
        return joiner.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LakeJobConfig)) {
            return false;
        }
        LakeJobConfig that = (LakeJobConfig) o;
        return mode == that.mode
                && sourceKind == that.sourceKind
                && sourcePath.equals(that.sourcePath)
                && Objects.equals(kinesisStream, that.kinesisStream)
                && Objects.equals(kinesisInitialPosition, that.kinesisInitialPosition)
                && Objects.equals(kinesisInitialTimestamp, that.kinesisInitialTimestamp)
                && Objects.equals(awsRegion, that.awsRegion)
                && Objects.equals(awsEndpoint, that.awsEndpoint)
                && sourceMonitorInterval.equals(that.sourceMonitorInterval)
                && sourceFilesHorizon.equals(that.sourceFilesHorizon)
                && lakePath.equals(that.lakePath)
                && lakePartitionPattern.equals(that.lakePartitionPattern)
                && lakeCompression.equals(that.lakeCompression)
                && lakeDictionaryEncoding == that.lakeDictionaryEncoding
                && lakeMaxPartSize == that.lakeMaxPartSize
                && lakeCommitDelay.equals(that.lakeCommitDelay)
                && lakeCompactionEnabled == that.lakeCompactionEnabled
                && lakeCompactionTargetSize == that.lakeCompactionTargetSize
                && lakeCompactionMaxCheckpoints == that.lakeCompactionMaxCheckpoints
                && glueRegisterPartitions == that.glueRegisterPartitions
                && glueDatabase.equals(that.glueDatabase)
                && deadletterPath.equals(that.deadletterPath)
                && documentMaxBytes == that.documentMaxBytes
                && fetchConcurrency == that.fetchConcurrency
                && fetchTimeout.equals(that.fetchTimeout)
                && fetchRetries == that.fetchRetries
                && Objects.equals(s3Endpoint, that.s3Endpoint)
                && s3PathStyleAccess == that.s3PathStyleAccess
                && Objects.equals(parallelism, that.parallelism)
                && checkpointDir.equals(that.checkpointDir)
                && checkpointInterval.equals(that.checkpointInterval)
                && Objects.equals(restoreFrom, that.restoreFrom)
                && restPort == that.restPort
                && watermarkOutOfOrderness.equals(that.watermarkOutOfOrderness)
                && watermarkIdleness.equals(that.watermarkIdleness)
                && watermarkMaxFuture.equals(that.watermarkMaxFuture)
                && dedupRetention.equals(that.dedupRetention)
                && backfillFolders.equals(that.backfillFolders)
                && backfillFoldersPerJob == that.backfillFoldersPerJob
                && backfillProgressInterval.equals(that.backfillProgressInterval)
                && backfillResume == that.backfillResume
                && backfillCoveredOnly == that.backfillCoveredOnly;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                mode,
                sourceKind,
                sourcePath,
                kinesisStream,
                kinesisInitialPosition,
                kinesisInitialTimestamp,
                awsRegion,
                awsEndpoint,
                sourceMonitorInterval,
                sourceFilesHorizon,
                lakePath,
                lakePartitionPattern,
                lakeCompression,
                lakeDictionaryEncoding,
                lakeMaxPartSize,
                lakeCommitDelay,
                lakeCompactionEnabled,
                lakeCompactionTargetSize,
                lakeCompactionMaxCheckpoints,
                glueRegisterPartitions,
                glueDatabase,
                deadletterPath,
                documentMaxBytes,
                fetchConcurrency,
                fetchTimeout,
                fetchRetries,
                s3Endpoint,
                s3PathStyleAccess,
                parallelism,
                checkpointDir,
                checkpointInterval,
                restoreFrom,
                restPort,
                watermarkOutOfOrderness,
                watermarkIdleness,
                watermarkMaxFuture,
                dedupRetention,
                backfillFolders,
                backfillFoldersPerJob,
                backfillProgressInterval,
                backfillResume,
                backfillCoveredOnly);
    }
}
