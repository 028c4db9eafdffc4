package io.checkoutlake.job.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkoutlake.functions.path.RawObjectUris;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The job's whole configuration: a Flink {@link Configuration} of the {@link LakeOptions},
 * validated by {@link LakeJobConfigBuilder#build()}, with typed accessors so that the job reads
 * {@code config.fetchRetries()} rather than options.
 *
 * <p>It comes from the command line locally and on EMR ({@code --key value} or {@code
 * --key=value}), and on Amazon Managed Service for Apache Flink from the runtime property groups.
 * Serializable so that operators can carry it; it holds paths and tuning, no personal data.
 */
public final class LakeJobConfig implements Serializable {
    private static final long serialVersionUID = 2L;
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

    // Holds every key that has a value, validated and normalized: equal configs are equal maps.
    private final Configuration conf;

    LakeJobConfig(Configuration conf) {
        this.conf = conf;
    }

    /** A builder holding the defaults; required keys still have to be set. */
    public static LakeJobConfigBuilder builder() {
        return new LakeJobConfigBuilder();
    }

    /** A builder holding this configuration, to derive a changed copy. */
    public LakeJobConfigBuilder toBuilder() {
        LakeJobConfigBuilder builder = builder();
        for (ConfigOption<?> option : LakeOptions.all()) {
            conf.getOptional(option).ifPresent(value -> builder.given.put(option.key(), value));
        }
        return builder;
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
        return fromArgs(args, MANAGED_FLINK_PROPERTIES, LakeJobConfig::defaultChainRegion);
    }

    /**
     * As {@link #fromArgs(String[])}, with the runtime properties file somewhere else and {@code
     * aws.region}, when it is not set and needed, from {@code defaultRegion} (production: {@link
     * #defaultChainRegion}).
     *
     * @param runtimePropertiesFile read when it exists and {@code --properties-file} is not given
     */
    public static LakeJobConfig fromArgs(
            String[] args, Path runtimePropertiesFile, Supplier<Optional<String>> defaultRegion) {
        Map<String, String> commandLine = parseArgs(args);
        String propertiesFile = commandLine.remove(LakeOptions.PROPERTIES_FILE.key());
        // In declaration order, so that of several problems always the first key's is reported.
        Map<String, String> settings =
                new TreeMap<>(
                        Comparator.comparingInt(
                                k -> LakeOptions.all().indexOf(LakeOptions.require(k))));
        if (propertiesFile != null) {
            settings.putAll(settingsOf(readPropertiesFile(propertiesFile)));
        } else if (runtimePropertiesFile != null && Files.exists(runtimePropertiesFile)) {
            Map<String, String> runtime = settingsOf(readRuntimeProperties(runtimePropertiesFile));
            if (runtime.containsKey(LakeOptions.RESTORE_FROM.key())) {
                // Managed Flink restores from its snapshots (ApplicationRestoreConfiguration);
                // a path here would replace them at every start of the application.
                throw ConfigException.forKey(
                        LakeOptions.RESTORE_FROM.key(),
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
        LakeJobConfigBuilder builder = builder();
        settingsOf(groups).forEach(builder::set);
        return builder.build();
    }

    /**
     * The AWS SDK's default region chain ({@code aws.region} system property, {@code AWS_REGION},
     * the {@code ~/.aws} profile, then EC2 instance metadata unless {@code
     * AWS_EC2_METADATA_DISABLED=true}); empty when no provider in it knows one.
     */
    static Optional<String> defaultChainRegion() {
        try {
            return Optional.of(new DefaultAwsRegionProviderChain().getRegion().id());
        } catch (SdkClientException e) {
            return Optional.empty();
        }
    }

    /** True if the arguments ask for the usage ({@code --help} or {@code -h}). */
    public static boolean isHelpRequested(String[] args) {
        return args != null
                && Arrays.stream(args).anyMatch(arg -> arg.equals("--help") || arg.equals("-h"));
    }

    private static Map<String, String> parseArgs(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
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
            ConfigOption<?> option = LakeOptions.require(name);
            if (option == LakeOptions.HELP) {
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
            if (values.put(name, value) != null) {
                throw ConfigException.forKey(name, "is given more than once");
            }
        }
        return values;
    }

    /** Flattens property groups, checking that every key exists and sits in its own group. */
    private static Map<String, String> settingsOf(Map<String, Properties> groups) {
        Map<String, String> settings = new LinkedHashMap<>();
        // Sorted, so that of several problems always the same one is reported.
        for (Map.Entry<String, Properties> group : new TreeMap<>(groups).entrySet()) {
            Properties properties = group.getValue() == null ? new Properties() : group.getValue();
            for (String name : new TreeSet<>(properties.stringPropertyNames())) {
                checkGroup(group.getKey(), name);
                settings.put(name, properties.getProperty(name));
            }
        }
        return settings;
    }

    private static void checkGroup(String group, String name) {
        ConfigOption<?> option =
                LakeOptions.find(name).orElseThrow(() -> LakeOptions.unknownInGroup(name, group));
        if (LakeOptions.isCommandLineOnly(option)) {
            throw ConfigException.forKey(
                    name,
                    "is a command-line option, not a property (found in property group '"
                            + group
                            + "')");
        }
        if (!LakeOptions.group(option).equals(group)) {
            throw ConfigException.forKey(
                    name,
                    "belongs in property group '"
                            + LakeOptions.group(option)
                            + "', not '"
                            + group
                            + "'");
        }
    }

    private static Map<String, Properties> readPropertiesFile(String location) {
        LOG.info("Reading property groups from {}", location);
        String key = LakeOptions.PROPERTIES_FILE.key();
        ClassLoader loader = LakeJobConfig.class.getClassLoader();
        try (InputStream json =
                location.startsWith(CLASSPATH_PREFIX)
                        ? loader.getResourceAsStream(
                                location.substring(CLASSPATH_PREFIX.length())
                                        .replaceFirst("^/", ""))
                        : Files.newInputStream(Paths.get(location))) {
            if (json == null) {
                throw ConfigException.forKey(key, "'" + location + "' is not on the classpath");
            }
            return readPropertyGroups(json);
        } catch (NoSuchFileException e) {
            throw ConfigException.forKey(key, "'" + location + "' does not exist");
        } catch (IOException e) {
            throw ConfigException.forKey(key, "cannot read '" + location + "': " + e.getMessage());
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

    /**
     * Reads {@code [{"PropertyGroupId": "...", "PropertyMap": {"k": "v"}}, ...]}, the format of
     * Managed Flink's runtime properties. Read here rather than by KinesisAnalyticsRuntime so that
     * a malformed file is named precisely (duplicate groups, keys and non-string values).
     */
    private static Map<String, Properties> readPropertyGroups(InputStream in) throws IOException {
        JsonNode root = JSON.readTree(in);
        if (root == null || !root.isArray()) {
            throw new IOException(
                    "expected a JSON array of {\"PropertyGroupId\": ..., \"PropertyMap\": {...}}");
        }
        Map<String, Properties> groups = new LinkedHashMap<>();
        for (JsonNode entry : root) {
            JsonNode id = entry.path("PropertyGroupId");
            if (!id.isTextual() || id.asText().isBlank()) {
                throw new IOException("every entry needs a PropertyGroupId string");
            }
            String group = id.asText();
            if (!entry.path("PropertyMap").isObject()) {
                throw new IOException("property group '" + group + "' needs a PropertyMap object");
            }
            Properties properties = new Properties();
            for (Map.Entry<String, JsonNode> property : entry.get("PropertyMap").properties()) {
                if (!property.getValue().isValueNode() || property.getValue().isNull()) {
                    throw new IOException(
                            "'"
                                    + property.getKey()
                                    + "' in property group '"
                                    + group
                                    + "' is not a string");
                }
                properties.setProperty(property.getKey(), property.getValue().asText());
            }
            if (groups.put(group, properties) != null) {
                throw new IOException("property group '" + group + "' appears twice");
            }
        }
        return groups;
    }

    // ---- The settings ----------------------------------------------------------------------

    /** The value of {@code option}, e.g. {@code config.get(LakeOptions.FETCH_RETRIES)}. */
    public <T> T get(ConfigOption<T> option) {
        return conf.get(option);
    }

    /** The value of an option without a default; empty when it is unset. */
    public <T> Optional<T> getOptional(ConfigOption<T> option) {
        return conf.getOptional(option);
    }

    /** A copy of the options, e.g. to hand Flink's own ({@code rest.port}) to an environment. */
    public Configuration configuration() {
        return new Configuration(conf);
    }

    public Mode mode() {
        return Mode.fromConfigValue(conf.get(LakeOptions.MODE));
    }

    public SourceKind sourceKind() {
        return SourceKind.fromConfigValue(conf.get(LakeOptions.SOURCE_KIND));
    }

    /** The raw prefix, absolute, without a trailing slash. */
    public URI sourcePath() {
        return URI.create(conf.get(LakeOptions.SOURCE_PATH));
    }

    /** The lake root, absolute, without a trailing slash. */
    public URI lakePath() {
        return URI.create(conf.get(LakeOptions.LAKE_PATH));
    }

    /** Where a lake table lives: {@code <lake.path>/<table>}, e.g. {@code .../checkout}. */
    public URI lakeTablePath(String table) {
        return URI.create(RawObjectUris.asFolder(conf.get(LakeOptions.LAKE_PATH)) + table);
    }

    /** The dead-letter root, absolute, without a trailing slash. Holds raw documents. */
    public URI deadletterPath() {
        return URI.create(conf.get(LakeOptions.DEADLETTER_PATH));
    }

    public URI checkpointDir() {
        return URI.create(conf.get(LakeOptions.CHECKPOINT_DIR));
    }

    public BackfillFolders backfillFolders() {
        return BackfillFolders.parse(conf.get(LakeOptions.BACKFILL_FOLDERS));
    }

    // ---- As text -----------------------------------------------------------------------------

    /**
     * Every set key with its value as configuration text, in {@link LakeOptions} order; unset
     * optional keys are left out. Feeding these to {@link LakeJobConfigBuilder#set(String, String)}
     * gives back an equal configuration.
     */
    public Map<String, String> toKeyValues() {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigOption<?> option : LakeOptions.all()) {
            conf.getOptional(option).ifPresent(v -> values.put(option.key(), format(v)));
        }
        return values;
    }

    /** A value as configuration text: {@code 90s}, {@code 64mb}, {@code true}. */
    static String format(Object value) {
        if (value instanceof Duration) {
            return Durations.format((Duration) value);
        }
        if (value instanceof MemorySize) {
            return ByteSizes.format(((MemorySize) value).getBytes());
        }
        return String.valueOf(value);
    }

    /** Every key and value, unset ones included, e.g. for the job's startup log. */
    @Override
    public String toString() {
        Map<String, String> values = toKeyValues();
        return LakeOptions.all().stream()
                .filter(option -> !LakeOptions.isCommandLineOnly(option))
                .map(option -> option.key() + "=" + values.getOrDefault(option.key(), "(unset)"))
                .collect(Collectors.joining(", ", "LakeJobConfig{", "}"));
    }

    // As maps: Configuration.equals only checks that the other holds this one's keys.
    @Override
    public boolean equals(Object o) {
        return o instanceof LakeJobConfig && conf.toMap().equals(((LakeJobConfig) o).conf.toMap());
    }

    @Override
    public int hashCode() {
        return conf.toMap().hashCode();
    }
}
