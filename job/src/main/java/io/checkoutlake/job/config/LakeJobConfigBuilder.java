package io.checkoutlake.job.config;

import static io.checkoutlake.job.config.LakeOptions.*;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects values of {@link LakeOptions}, as text or typed, and validates them all in {@link
 * #build()}: each value against its key, then the rules between keys. Starts from the defaults.
 */
public final class LakeJobConfigBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(LakeJobConfigBuilder.class);
    // A document is fetched into one byte array; staying well under the 2 GiB array limit keeps
    // the heap of a subtask with many fetches in flight predictable.
    private static final MemorySize MAX_DOCUMENT_SIZE = MemorySize.ofMebiBytes(1024);
    // An instant whose fields are all two-digit and distinct, to show what a pattern produces.
    private static final Instant SAMPLE_EVENT_TIME = Instant.parse("2024-11-23T17:45:59.123Z");
    // Key to the regular expression its value matches and what the value then is, in key order.
    private static final Map<ConfigOption<String>, String[]> FORMS = new LinkedHashMap<>();

    static {
        FORMS.put(
                KINESIS_STREAM,
                new String[] {
                    "[a-zA-Z0-9_.-]{1,128}", "a stream name (1..128 of a-z A-Z 0-9 _ . -)"
                });
        FORMS.put(
                KINESIS_INITIAL_POSITION,
                new String[] {
                    "TRIM_HORIZON|LATEST|AT_TIMESTAMP",
                    "an initial position (TRIM_HORIZON, LATEST or AT_TIMESTAMP)"
                });
        FORMS.put(
                AWS_REGION,
                new String[] {"[a-z]{2}(-[a-z]+)+-[0-9]+", "an AWS region (e.g. eu-west-1)"});
        // Text rather than an enum: the sink maps the name to its Parquet codec.
        FORMS.put(LAKE_COMPRESSION, new String[] {"zstd|snappy", "a compression (zstd or snappy)"});
        // Lower case (Athena lower-cases names), digits and underscores.
        FORMS.put(
                GLUE_DATABASE,
                new String[] {"[a-z0-9_]{1,255}", "a Glue database name (1..255 of a-z 0-9 _)"});
    }

    // Object stores whose URIs name the bucket as the authority.
    private static final Set<String> BUCKET_SCHEMES = Set.of("s3", "s3a", "s3n", "s3p", "gs");
    private static final String URI_EXAMPLES = "e.g. s3a://bucket/prefix or file:///path";
    private static final Set<String> ENDPOINT_SCHEMES = Set.of("http", "https");
    private static final String ENDPOINT_EXAMPLES =
            "e.g. https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000";
    private static final Set<ConfigOption<?>> PATHS =
            Set.of(SOURCE_PATH, LAKE_PATH, DEADLETTER_PATH, CHECKPOINT_DIR);
    // Every duration is at least zero and every size positive; these durations and whole
    // numbers have their own range.
    private static final Duration POSITIVE = Duration.ofMillis(1);
    private static final Map<ConfigOption<?>, Duration> MIN_DURATIONS = new HashMap<>();
    private static final Map<ConfigOption<?>, int[]> INT_RANGES = new HashMap<>();

    static {
        MIN_DURATIONS.put(SOURCE_MONITOR_INTERVAL, POSITIVE);
        MIN_DURATIONS.put(FETCH_TIMEOUT, POSITIVE);
        MIN_DURATIONS.put(CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        MIN_DURATIONS.put(BACKFILL_PROGRESS_INTERVAL, Duration.ofSeconds(1));
        INT_RANGES.put(LAKE_COMPACTION_MAX_CHECKPOINTS, new int[] {1, 1000});
        INT_RANGES.put(FETCH_CONCURRENCY, new int[] {1, 10_000});
        INT_RANGES.put(FETCH_RETRIES, new int[] {0, 100});
        INT_RANGES.put(REST_PORT, new int[] {0, 65535});
        INT_RANGES.put(BACKFILL_FOLDERS_PER_JOB, new int[] {1, 512});
    }

    // Key to text or typed value; null: explicitly without a value.
    final Map<String, Object> given = new HashMap<>();
    private Supplier<Optional<String>> defaultRegion = Optional::empty;

    LakeJobConfigBuilder() {}

    /**
     * Sets a key from its text, as on the command line or in a property group; it is parsed by
     * {@link #build()}.
     *
     * @throws ConfigException naming the key if it does not exist or the text is empty
     */
    public LakeJobConfigBuilder set(String key, String value) {
        ConfigOption<?> option = LakeOptions.require(key);
        if (isCommandLineOnly(option)) {
            throw ConfigException.forKey(key, "is a command-line option, not a setting");
        }
        String text = value == null ? "" : value.trim();
        if (text.isEmpty()) {
            throw ConfigException.forKey(key, "empty value");
        }
        given.put(key, text);
        return this;
    }

    /** Sets a typed value; {@code null} leaves the key without a value (not its default). */
    public <T> LakeJobConfigBuilder set(ConfigOption<T> option, T value) {
        given.put(option.key(), value);
        return this;
    }

    /**
     * Where {@code aws.region} comes from when it is not set and a Kinesis source or the Glue
     * registration needs it, e.g. {@link LakeJobConfig#defaultChainRegion}; by default nowhere.
     */
    public LakeJobConfigBuilder defaultRegion(Supplier<Optional<String>> defaultRegion) {
        this.defaultRegion = defaultRegion;
        return this;
    }

    /**
     * Parses and validates every value and returns the configuration. Paths are normalized on the
     * way: a trailing slash is dropped and {@code file:/x} becomes {@code file:///x}.
     *
     * @throws ConfigException naming the first key (in {@link LakeOptions} order) that is wrong;
     *     missing required keys are all named at once
     */
    public LakeJobConfig build() {
        Map<ConfigOption<?>, Object> values = new HashMap<>();
        for (ConfigOption<?> option : all()) {
            if (isCommandLineOnly(option)) {
                continue;
            }
            Object value =
                    given.containsKey(option.key())
                            ? given.get(option.key())
                            : option.hasDefaultValue() ? option.defaultValue() : null;
            try {
                values.put(option, value == null ? null : parse(option, value));
            } catch (ConfigException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw ConfigException.forKey(option.key(), e.getMessage());
            }
        }
        validate(values);
        Configuration conf = new Configuration();
        values.forEach(
                (option, value) -> {
                    if (value != null) {
                        @SuppressWarnings("unchecked")
                        ConfigOption<Object> untyped = (ConfigOption<Object>) option;
                        conf.set(untyped, value);
                    }
                });
        return new LakeJobConfig(conf);
    }

    /** One value on its own: text to its type, and the forms of text-typed keys. */
    private static Object parse(ConfigOption<?> option, Object value) {
        Class<?> type = typeOf(option);
        if (value instanceof String && type != String.class) {
            String text = (String) value;
            if (type == Duration.class) {
                return Durations.parse(text);
            } else if (type == MemorySize.class) {
                return new MemorySize(ByteSizes.parse(text));
            } else if (type == Integer.class) {
                try {
                    return Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(quoted(text) + " is not a whole number");
                }
            } else if (text.equals("true") || text.equals("false")) {
                return Boolean.parseBoolean(text);
            }
            throw new IllegalArgumentException(quoted(text) + " is not true or false");
        }
        if (!(value instanceof String)) {
            return value;
        }
        String text = ((String) value).trim();
        if (option == MODE) {
            Mode.fromConfigValue(text);
        } else if (option == SOURCE_KIND) {
            SourceKind.fromConfigValue(text);
        } else if (PATHS.contains(option)) {
            return parseUri(text).toString();
        } else if (option == AWS_ENDPOINT || option == S3_ENDPOINT) {
            return parseEndpoint(text).toString();
        } else if (option == KINESIS_INITIAL_TIMESTAMP) {
            try {
                return Instant.parse(text).toString();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        quoted(text) + " is not an ISO-8601 instant (e.g. 2024-05-01T00:00:00Z)");
            }
        } else if (option == BACKFILL_FOLDERS) {
            return BackfillFolders.parse(text).spec();
        }
        return text;
    }

    /** Required keys, ranges, and the rules between keys, in {@link LakeOptions} order. */
    private void validate(Map<ConfigOption<?>, Object> v) {
        boolean kinesis = "kinesis".equals(v.get(SOURCE_KIND));
        List<String> missing = new ArrayList<>();
        for (ConfigOption<?> option : all()) {
            // source.kind=kinesis reads no objects: the stream stands in for the path.
            boolean exempt = option == SOURCE_PATH && kinesis;
            if (isRequired(option) && v.get(option) == null && !exempt) {
                missing.add(option.key());
            }
        }
        if (!missing.isEmpty()) {
            String also =
                    missing.size() == 1
                            ? ""
                            : " (also missing: --"
                                    + String.join(", --", missing.subList(1, missing.size()))
                                    + ")";
            throw ConfigException.forKey(missing.get(0), "is required but not set" + also);
        }
        for (ConfigOption<?> option : all()) {
            // Only a typed null unsets a key that has a default.
            if (option.hasDefaultValue() && v.get(option) == null) {
                throw ConfigException.forKey(option.key(), "is not set");
            }
        }
        Mode mode = Mode.fromConfigValue((String) v.get(MODE));
        SourceKind kind = SourceKind.fromConfigValue((String) v.get(SOURCE_KIND));
        boolean glue = (Boolean) v.get(GLUE_REGISTER_PARTITIONS);
        if (v.get(AWS_REGION) == null && (kind.readsKinesis() || glue)) {
            // Asked only when a region is needed: instance metadata is slow.
            defaultRegion
                    .get()
                    .ifPresent(
                            region -> {
                                LOG.info(
                                        "aws.region is not set: {} from the AWS SDK's default"
                                                + " region chain",
                                        region);
                                v.put(AWS_REGION, region);
                            });
        }
        checkForms(v);
        checkKinesis(v, mode, kind);
        if (v.get(SOURCE_PATH) == null && kind == SourceKind.KINESIS) {
            // Records carry their documents: the stream is where they come from.
            v.put(SOURCE_PATH, "kinesis://" + v.get(KINESIS_STREAM));
        }
        checkPath(v, SOURCE_PATH);
        checkRanges(v);
        checkPath(v, LAKE_PATH);
        checkPartitionPattern((String) v.get(LAKE_PARTITION_PATTERN));
        if (glue && v.get(AWS_REGION) == null) {
            throw ConfigException.forKey(
                    AWS_REGION.key(),
                    "is required but not set when glue.register-partitions is true");
        }
        checkPath(v, DEADLETTER_PATH);
        MemorySize documentMax = (MemorySize) v.get(DOCUMENT_MAX_BYTES);
        if (documentMax.compareTo(MAX_DOCUMENT_SIZE) > 0) {
            throw ConfigException.forKey(
                    DOCUMENT_MAX_BYTES.key(),
                    quoted(ByteSizes.format(documentMax.getBytes()))
                            + " is more than "
                            + ByteSizes.format(MAX_DOCUMENT_SIZE.getBytes())
                            + " (a document is held in memory whole)");
        }
        checkS3Endpoint(v);
        Integer parallelism = (Integer) v.get(PARALLELISM);
        if (parallelism != null && parallelism < 1) {
            throw ConfigException.forKey(
                    PARALLELISM.key(), quoted(parallelism) + " is not a positive integer");
        }
        checkPath(v, CHECKPOINT_DIR);
        checkRestoreFrom((String) v.get(RESTORE_FROM), mode);
    }

    /** Names, regions and the AWS endpoint: the keys whose text has one form. */
    private static void checkForms(Map<ConfigOption<?>, Object> v) {
        for (Map.Entry<ConfigOption<String>, String[]> form : FORMS.entrySet()) {
            String value = (String) v.get(form.getKey());
            if (value != null && !value.matches(form.getValue()[0])) {
                throw ConfigException.forKey(
                        form.getKey().key(), quoted(value) + " is not " + form.getValue()[1]);
            }
        }
        String endpoint = (String) v.get(AWS_ENDPOINT);
        if (endpoint != null && !isHttpUrlWithHost(URI.create(endpoint))) {
            throw ConfigException.forKey(
                    AWS_ENDPOINT.key(),
                    quoted(endpoint)
                            + " is not an http:// or https:// URL with a host (e.g."
                            + " http://127.0.0.1:4567)");
        }
    }

    /** The kinesis.* and aws.* keys a Kinesis source needs. */
    private static void checkKinesis(Map<ConfigOption<?>, Object> v, Mode mode, SourceKind kind) {
        if (!kind.readsKinesis()) {
            return;
        }
        String when = " when source.kind is " + kind.configValue();
        if (v.get(KINESIS_STREAM) == null) {
            throw ConfigException.forKey(KINESIS_STREAM.key(), "is required but not set" + when);
        }
        if (v.get(AWS_REGION) == null) {
            throw ConfigException.forKey(AWS_REGION.key(), "is required but not set" + when);
        }
        if (v.get(KINESIS_INITIAL_POSITION).equals("AT_TIMESTAMP")
                && v.get(KINESIS_INITIAL_TIMESTAMP) == null) {
            throw ConfigException.forKey(
                    KINESIS_INITIAL_TIMESTAMP.key(),
                    "is required but not set when kinesis.initial-position is AT_TIMESTAMP");
        }
        if (mode == Mode.BACKFILL) {
            throw ConfigException.forKey(
                    SOURCE_KIND.key(),
                    quoted(kind.configValue())
                            + " reads an unbounded stream; it runs in mode stream only");
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

    /** An absolute, hierarchical path without query: normalized, without a trailing slash. */
    private static void checkPath(Map<ConfigOption<?>, Object> v, ConfigOption<String> key) {
        URI uri = URI.create((String) v.get(key));
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
        v.put(key, scheme + "://" + authority + path);
    }

    private static void checkPartitionPattern(String pattern) {
        DateTimeFormatter formatter;
        String sample;
        try {
            formatter = DateTimeFormatter.ofPattern(pattern);
            sample = formatter.withZone(ZoneOffset.UTC).format(SAMPLE_EVENT_TIME);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw ConfigException.forKey(
                    LAKE_PARTITION_PATTERN.key(),
                    quoted(pattern)
                            + " is not a usable DateTimeFormatter pattern ("
                            + e.getMessage()
                            + ")");
        }
        if (formatter.toString().contains("WeekBasedYear")) {
            // YYYY puts the last days of December into next year's folder.
            throw ConfigException.forKey(
                    LAKE_PARTITION_PATTERN.key(),
                    quoted(pattern)
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
                    LAKE_PARTITION_PATTERN.key(),
                    quoted(pattern)
                            + " does not name a relative folder (it gives "
                            + quoted(sample)
                            + ")");
        }
    }

    private static void checkRestoreFrom(String restoreFrom, Mode mode) {
        if (restoreFrom == null) {
            return;
        }
        if (!restoreFrom.equals(LakeJobConfig.RESTORE_LATEST)
                && !isAbsolutePathOrUri(restoreFrom)) {
            throw ConfigException.forKey(
                    RESTORE_FROM.key(),
                    quoted(restoreFrom)
                            + " is neither 'latest' nor an absolute checkpoint/savepoint URI or"
                            + " path");
        }
        if (mode == Mode.BACKFILL) {
            throw ConfigException.forKey(
                    RESTORE_FROM.key(),
                    quoted(restoreFrom)
                            + " cannot be used with --mode backfill (batch execution takes no"
                            + " checkpoints)");
        }
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

    private static void checkS3Endpoint(Map<ConfigOption<?>, Object> v) {
        if (v.get(S3_ENDPOINT) == null) {
            return;
        }
        URI endpoint = URI.create((String) v.get(S3_ENDPOINT));
        if (!isHttpUrlWithHost(endpoint)) {
            throw ConfigException.forKey(
                    S3_ENDPOINT.key(),
                    quoted(endpoint)
                            + " is not an http:// or https:// URL with a host ("
                            + ENDPOINT_EXAMPLES
                            + ")");
        }
        String path = endpoint.getRawPath();
        if (!(path == null || path.isEmpty() || path.equals("/"))
                || endpoint.getRawQuery() != null
                || endpoint.getRawFragment() != null) {
            throw ConfigException.forKey(
                    S3_ENDPOINT.key(),
                    quoted(endpoint)
                            + " has a path, query or fragment; an endpoint is scheme, host and"
                            + " port ("
                            + ENDPOINT_EXAMPLES
                            + ")");
        }
        v.put(
                S3_ENDPOINT,
                endpoint.getScheme().toLowerCase(Locale.ROOT) + "://" + endpoint.getRawAuthority());
    }

    private static boolean isHttpUrlWithHost(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return ENDPOINT_SCHEMES.contains(scheme) && !uri.isOpaque() && uri.getHost() != null;
    }

    private static URI parseEndpoint(String text) {
        if (text.contains("@")) {
            // Not quoted: user info in a URL is a credential.
            throw new IllegalArgumentException("holds user info; " + CREDENTIALS_ARE_NOT_KEYS);
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

    /** Durations at least their minimum, sizes positive, whole numbers in their range. */
    private static void checkRanges(Map<ConfigOption<?>, Object> v) {
        for (ConfigOption<?> option : all()) {
            Class<?> type = typeOf(option);
            String problem = null;
            if (type == Duration.class) {
                Duration value = (Duration) v.get(option);
                Duration min = MIN_DURATIONS.getOrDefault(option, Duration.ZERO);
                if (value.compareTo(min) < 0) {
                    problem =
                            quoted(Durations.format(value))
                                    + (min.equals(POSITIVE)
                                            ? " is not a positive duration"
                                            : " is less than " + Durations.format(min));
                }
            } else if (type == MemorySize.class) {
                long bytes = ((MemorySize) v.get(option)).getBytes();
                if (bytes <= 0) {
                    problem = quoted(ByteSizes.format(bytes)) + " is not a positive size";
                }
            } else if (INT_RANGES.containsKey(option)) {
                int value = (Integer) v.get(option);
                int[] range = INT_RANGES.get(option);
                if (value < range[0] || value > range[1]) {
                    problem = quoted(value) + " is not between " + range[0] + " and " + range[1];
                }
            }
            if (problem != null) {
                throw ConfigException.forKey(option.key(), problem);
            }
        }
    }

    static String quoted(Object value) {
        return "'" + value + "'";
    }
}
