package io.checkoutlake.job.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.text.WordUtils;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.description.TextElement;

/**
 * Every key the job understands, each declared once as a Flink {@link ConfigOption}: the parser
 * rejects anything not declared here, defaults come from here, and {@code --help} and the README
 * table are rendered from here, so they cannot drift apart.
 *
 * <p>Keys are dotted lowercase (the aws-samples convention for Managed Flink): the property group
 * of a key is its first dotted segment ({@code source.path} lives in group {@code source}); keys
 * without a dot live in group {@value #DEFAULT_GROUP}. Keys without a default name what being unset
 * means in {@link #UNSET_TEXT}, for the documentation.
 */
public final class LakeOptions {
    /** The property group of keys without a dot. */
    public static final String DEFAULT_GROUP = "job";

    // What leaving a key without a default unset means, for --help and the README, where it is
    // neither "(required)" nor plainly "(unset)".
    private static final Map<String, String> UNSET_TEXT =
            Map.of(
                    "kinesis.stream", "(required for kinesis and s3-events)",
                    "aws.region",
                            "(unset: the AWS SDK's default region chain: AWS_REGION, the profile,"
                                    + " instance metadata; required for kinesis, s3-events and"
                                    + " glue.register-partitions when none resolves)",
                    "aws.endpoint", "(unset: the region's AWS endpoints)",
                    "s3.endpoint", "(unset: AWS S3)",
                    "parallelism", "(unset: the environment's default)",
                    "restore-from", "(unset: a fresh start)");
    private static final Set<String> REQUIRED =
            Set.of("source.path", "lake.path", "deadletter.path");
    private static final Set<String> COMMAND_LINE_ONLY = Set.of("properties-file", "help");

    public static final ConfigOption<String> MODE =
            key("mode")
                    .stringType()
                    .defaultValue("stream")
                    .withDescription(
                            "`stream`: unbounded, keeps listing source.path for new objects;"
                                    + " `backfill`: bounded over the objects that exist at start,"
                                    + " batch execution, exits 0 when done");
    public static final ConfigOption<String> SOURCE_KIND =
            key("source.kind")
                    .stringType()
                    .defaultValue("files")
                    .withDescription(
                            "where raw objects come from: `files` (objects under source.path);"
                                    + " `kinesis` (raw documents as records on kinesis.stream,"
                                    + " stream mode only); `s3-events` (S3 object-created"
                                    + " notifications on kinesis.stream, objects fetched from"
                                    + " source.path, stream mode only)");
    public static final ConfigOption<String> SOURCE_PATH =
            key("source.path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "URI of the raw prefix: `s3a://bucket/prefix` in production,"
                                    + " `file:///path` locally; a bare absolute path `/x`"
                                    + " means `file:///x`. With `s3-events`, notifications"
                                    + " for objects outside it are skipped; with `kinesis`"
                                    + " it may be left out (it then is"
                                    + " `kinesis://<kinesis.stream>`)");
    public static final ConfigOption<Duration> SOURCE_MONITOR_INTERVAL =
            key("source.monitor-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("how often stream mode lists source.path for new objects");
    public static final ConfigOption<Duration> SOURCE_FILES_HORIZON =
            key("source.files-horizon")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "stream mode, source.kind `files`: files modified longer than this"
                                    + " before the newest one listed (or before now, whichever is"
                                    + " earlier) are skipped, counted in"
                                    + " `filesSkippedOutsideHorizon` and not remembered, so the"
                                    + " source's state holds only the paths within it; `0`"
                                    + " disables (every path is remembered forever). History is"
                                    + " loaded with mode `backfill`");
    public static final ConfigOption<String> KINESIS_STREAM =
            key("kinesis.stream")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "name of the Kinesis data stream that source.kind `kinesis`"
                                    + " or `s3-events` reads");
    public static final ConfigOption<String> KINESIS_INITIAL_POSITION =
            key("kinesis.initial-position")
                    .stringType()
                    .defaultValue("TRIM_HORIZON")
                    .withDescription(
                            "where a fresh start (no checkpoint) begins reading each shard:"
                                    + " `TRIM_HORIZON` (the oldest retained record), `LATEST`, or"
                                    + " `AT_TIMESTAMP` (then kinesis.initial-timestamp is"
                                    + " required); a restore continues from the shard positions"
                                    + " in its checkpoint");
    public static final ConfigOption<String> KINESIS_INITIAL_TIMESTAMP =
            key("kinesis.initial-timestamp")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "ISO-8601 instant, e.g. `2024-05-01T00:00:00Z`, for"
                                    + " kinesis.initial-position `AT_TIMESTAMP`");
    public static final ConfigOption<String> AWS_REGION =
            key("aws.region")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "AWS region of the job's AWS clients (Kinesis, Glue), e.g."
                                    + " `eu-west-1`");
    public static final ConfigOption<String> AWS_ENDPOINT =
            key("aws.endpoint")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "URL of the AWS API for every AWS client the job makes"
                                    + " (Kinesis, Glue), for a local emulator, e.g."
                                    + " `http://127.0.0.1:4567`. Credentials come from the"
                                    + " default AWS provider chain; emulators usually need"
                                    + " AWS_CBOR_DISABLE=true in the job's environment");
    public static final ConfigOption<String> LAKE_PATH =
            key("lake.path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "URI of the lake root; tables go to `<lake.path>/checkout`"
                                    + " and `<lake.path>/fulfillment`");
    public static final ConfigOption<String> LAKE_PARTITION_PATTERN =
            key("lake.partition-pattern")
                    .stringType()
                    .defaultValue("'YEAR='yyyy/'MONTH='MM/'DAY='dd")
                    .withDescription(
                            "java.time DateTimeFormatter pattern applied to the UTC event time to"
                                    + " name the partition folder");
    public static final ConfigOption<String> LAKE_COMPRESSION =
            key("lake.compression")
                    .stringType()
                    .defaultValue("zstd")
                    .withDescription("Parquet compression codec: `zstd` or `snappy`");
    public static final ConfigOption<Boolean> LAKE_DICTIONARY_ENCODING =
            key("lake.dictionary-encoding")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "`true` dictionary-encodes Parquet columns; off by default: half of"
                                    + " the lake's columns are near-unique (ids, URLs, timestamps)"
                                    + " and fall back to plain encoding anyway, dictionaries cost"
                                    + " ~18% of a backfill's CPU and zstd files without them are"
                                    + " ~1.5% larger");
    public static final ConfigOption<MemorySize> LAKE_MAX_PART_SIZE =
            key("lake.max-part-size")
                    .memoryType()
                    .defaultValue(MemorySize.ofMebiBytes(128))
                    .withDescription(
                            "a Parquet part file rolls when it reaches this size (and at every"
                                    + " checkpoint); e.g. 512kb, 64mb, 1gb");
    public static final ConfigOption<Duration> LAKE_COMMIT_DELAY =
            key("lake.commit-delay")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(15))
                    .withDescription(
                            "stream mode: a partition is committed (`_manifest.json`, then"
                                    + " `_SUCCESS`, then Glue registration if"
                                    + " glue.register-partitions) once the table's watermark"
                                    + " passes the partition's end plus this delay and every file"
                                    + " written to it until then is committed; a late row commits"
                                    + " it again. `0` commits as soon as the watermark passes");
    public static final ConfigOption<Boolean> LAKE_COMPACTION_ENABLED =
            key("lake.compaction.enabled")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "stream mode: `true` merges each partition's part files of one or"
                                    + " more checkpoints into files of about"
                                    + " lake.compaction.target-size before they become visible"
                                    + " (readers never see the inputs); rows become visible after"
                                    + " at most lake.compaction.max-checkpoints checkpoints"
                                    + " instead of one");
    public static final ConfigOption<MemorySize> LAKE_COMPACTION_TARGET_SIZE =
            key("lake.compaction.target-size")
                    .memoryType()
                    .defaultValue(MemorySize.ofMebiBytes(128))
                    .withDescription(
                            "with compaction: a partition's pending files are merged as soon as"
                                    + " they add up to this size; e.g. 64mb, 256mb");
    public static final ConfigOption<Integer> LAKE_COMPACTION_MAX_CHECKPOINTS =
            key("lake.compaction.max-checkpoints")
                    .intType()
                    .defaultValue(10)
                    .withDescription(
                            "with compaction: pending files smaller than the target are merged"
                                    + " anyway after this many checkpoints (1..1000), so a quiet"
                                    + " partition's rows do not wait forever; the longest a row"
                                    + " waits to be visible is this times checkpoint.interval");
    public static final ConfigOption<Boolean> GLUE_REGISTER_PARTITIONS =
            key("glue.register-partitions")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "stream mode: `true` registers each committed partition in the Glue"
                                    + " Data Catalog (BatchCreatePartition, an existing partition"
                                    + " is success) with the storage descriptor of its table;"
                                    + " uses aws.region and aws.endpoint");
    public static final ConfigOption<String> GLUE_DATABASE =
            key("glue.database")
                    .stringType()
                    .defaultValue("checkout_lake")
                    .withDescription(
                            "Glue database holding the tables `checkout` and `fulfillment`"
                                    + " (deploy/catalog/glue-catalog.yaml)");
    public static final ConfigOption<String> DEADLETTER_PATH =
            key("deadletter.path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "URI of the dead-letter root; it holds raw documents, so it is"
                                    + " as sensitive as the raw source");
    public static final ConfigOption<MemorySize> DOCUMENT_MAX_BYTES =
            key("document.max-bytes")
                    .memoryType()
                    .defaultValue(MemorySize.ofMebiBytes(16))
                    .withDescription(
                            "larger objects become dead letters (`too_large`) without being"
                                    + " parsed; at most 1gb");
    public static final ConfigOption<Integer> FETCH_CONCURRENCY =
            key("fetch.concurrency")
                    .intType()
                    .defaultValue(64)
                    .withDescription("objects fetched concurrently per subtask (1..10000)");
    public static final ConfigOption<Duration> FETCH_TIMEOUT =
            key("fetch.timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(2))
                    .withDescription("timeout of one object fetch");
    public static final ConfigOption<Integer> FETCH_RETRIES =
            key("fetch.retries")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "retries of a failing fetch before the job fails over (0..100)");

    /** Flink's own key: flink-s3-fs-hadoop reads it as it is. */
    public static final ConfigOption<String> S3_ENDPOINT =
            key("s3.endpoint")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "URL of the S3 API behind `s3a://` and `s3://` paths, e.g."
                                    + " `http://127.0.0.1:9000` for an S3-compatible"
                                    + " store. Configures the file systems of the embedded"
                                    + " MiniCluster (`java -jar`); on a cluster, set"
                                    + " Flink's `s3.endpoint` in its configuration."
                                    + " Credentials are never keys: they come from the"
                                    + " default AWS provider chain");

    public static final ConfigOption<Boolean> S3_PATH_STYLE_ACCESS =
            key("s3.path-style-access")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "`true` addresses buckets as `<endpoint>/<bucket>` instead of"
                                    + " `<bucket>.<endpoint>`; most S3-compatible stores need it");
    public static final ConfigOption<Integer> PARALLELISM =
            key("parallelism")
                    .intType()
                    .noDefaultValue()
                    .withDescription("job parallelism, a positive integer");
    public static final ConfigOption<String> CHECKPOINT_DIR =
            key("checkpoint.dir")
                    .stringType()
                    .defaultValue("file:///tmp/checkout-lake/checkpoints")
                    .withDescription("URI where checkpoints are retained");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            key("checkpoint.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "time between checkpoints, at least 1s; part files are committed at"
                                    + " checkpoints");
    public static final ConfigOption<String> RESTORE_FROM =
            key("restore-from")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "`latest` (the newest retained checkpoint under"
                                    + " checkpoint.dir, or a fresh start if there is none)"
                                    + " or a checkpoint/savepoint URI or path (a savepoint"
                                    + " that a job already started from and checkpointed:"
                                    + " that job's newest checkpoint); stream mode only;"
                                    + " not a Managed Flink runtime property");

    /** Flink's own option, key and default: the MiniCluster reads it as it is. */
    public static final ConfigOption<Integer> REST_PORT =
            RestOptions.PORT.withDescription(
                    "port of the local web UI and REST API (1..65535; 0 = any free port); a"
                            + " backfill takes any free port when this one is in use");

    public static final ConfigOption<Duration> WATERMARK_OUT_OF_ORDERNESS =
            key("watermark.out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription("bounded out-of-orderness of event time");
    public static final ConfigOption<Duration> WATERMARK_IDLENESS =
            key("watermark.idleness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "a source split idle this long no longer holds the watermark back;"
                                    + " `0` disables");
    public static final ConfigOption<Duration> WATERMARK_MAX_FUTURE =
            key("watermark.max-future")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "stream mode: rows whose event time is later than the wall clock plus"
                                    + " this are written to their partition but do not advance the"
                                    + " watermark (counted in `futureRows`), so a document dated"
                                    + " 2099 cannot commit today's partitions; keep it below"
                                    + " watermark.out-of-orderness plus lake.commit-delay");
    public static final ConfigOption<Duration> DEDUP_RETENTION =
            key("dedup.retention")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "stream mode: how long the identity of each object's content is"
                                    + " remembered, so that identical content re-delivered under"
                                    + " the same key becomes a `duplicate` dead letter instead of a"
                                    + " second row; `0` disables");
    public static final ConfigOption<String> BACKFILL_FOLDERS =
            key("backfill.folders")
                    .stringType()
                    .defaultValue("all")
                    .withDescription(
                            "backfill: the raw folders to read, comma-separated: a prefix `3A`, a"
                                    + " range `00-3F` (both entities' folders), a folder"
                                    + " `E9_FulfillmentOrder`, or `all` (the 512 folders `00..FF`"
                                    + " x `_CheckoutOrder`/`_FulfillmentOrder`)");
    public static final ConfigOption<Integer> BACKFILL_FOLDERS_PER_JOB =
            key("backfill.folders-per-job")
                    .intType()
                    .defaultValue(16)
                    .withDescription(
                            "backfill: folders read by one batch job; a folder is marked done when"
                                    + " its job succeeds, so a killed run redoes at most this"
                                    + " many");
    public static final ConfigOption<Duration> BACKFILL_PROGRESS_INTERVAL =
            key("backfill.progress-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "backfill: how often the progress line (objects and bytes done of the"
                                    + " total, rate, ETA) is logged");
    public static final ConfigOption<Boolean> BACKFILL_RESUME =
            key("backfill.resume")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "backfill: `true` skips folders that a previous run finished (their"
                                    + " markers under `<lake.path>/_backfill/`); `false` reads them"
                                    + " again, replacing their output");
    public static final ConfigOption<Boolean> BACKFILL_COVERED_ONLY =
            key("backfill.covered-only")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "backfill, with `backfill.resume false`: `true` reads again only the"
                                    + " object versions each folder's marker covers (what its"
                                    + " earlier run read), leaving newer objects to the stream: how"
                                    + " a folder is backfilled again while the stream runs");
    public static final ConfigOption<String> PROPERTIES_FILE =
            key("properties-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "JSON file of property groups in the Managed Flink format,"
                                    + " read before the command line (which wins);"
                                    + " `classpath:NAME` reads a resource. Unset, Managed"
                                    + " Flink's /etc/flink/application_properties.json is"
                                    + " read if it exists");
    public static final ConfigOption<Boolean> HELP =
            key("help").booleanType().noDefaultValue().withDescription("print this usage and exit");

    /** Every option in declaration order, with the type its values parse to. */
    private static final Map<ConfigOption<?>, Class<?>> TYPES = new LinkedHashMap<>();

    private static final List<ConfigOption<?>> ALL;

    static {
        // Fields come in declaration order, which is the order of --help and the README table.
        for (Field field : LakeOptions.class.getFields()) {
            if (field.getType() == ConfigOption.class) {
                try {
                    Type type =
                            ((ParameterizedType) field.getGenericType())
                                    .getActualTypeArguments()[0];
                    TYPES.put((ConfigOption<?>) field.get(null), (Class<?>) type);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        ALL = List.copyOf(TYPES.keySet());
    }

    /** Farthest a typo may be from a key (in single-character edits) to be suggested. */
    private static final int MAX_SUGGESTION_DISTANCE = 2;

    private static final int USAGE_WIDTH = 100;

    /**
     * Why {@code --s3.access-key} and the like are refused: configuration is visible in process
     * lists, shell history, properties files, logs and the Managed Flink console.
     */
    static final String CREDENTIALS_ARE_NOT_KEYS =
            "credentials are never configuration (command lines, properties files and logs are"
                    + " not secret); the job takes them only from the default AWS credentials"
                    + " provider chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN,"
                    + " an ~/.aws profile (AWS_PROFILE), web identity, or the task or instance role";

    // Keys such as s3.access-key or fs.s3a.secret.key.
    private static final Pattern CREDENTIAL_WORDS =
            Pattern.compile("access[-._]?key|secret|session[-._]?token|credential|password");

    private LakeOptions() {}

    /** Every option, in the order of {@code --help}. */
    public static List<ConfigOption<?>> all() {
        return ALL;
    }

    /** The type a value of {@code option} parses to, e.g. {@link Duration}. */
    static Class<?> typeOf(ConfigOption<?> option) {
        return TYPES.get(option);
    }

    /** The property group the key lives in: its first dotted segment, else {@code job}. */
    public static String group(ConfigOption<?> option) {
        int dot = option.key().indexOf('.');
        return dot < 0 ? DEFAULT_GROUP : option.key().substring(0, dot);
    }

    public static boolean isRequired(ConfigOption<?> option) {
        return REQUIRED.contains(option.key());
    }

    /** True for {@code --help} and {@code --properties-file}: not settings, not in any group. */
    public static boolean isCommandLineOnly(ConfigOption<?> option) {
        return COMMAND_LINE_ONLY.contains(option.key());
    }

    /** The default as configuration text ({@code 30s}, {@code 128mb}); empty when there is none. */
    public static Optional<String> defaultValueText(ConfigOption<?> option) {
        return Optional.ofNullable(option.defaultValue()).map(LakeJobConfig::format);
    }

    /** The default for people: the value, or e.g. {@code (required)}. */
    public static String defaultText(ConfigOption<?> option) {
        if (option.hasDefaultValue() || option == HELP) {
            return defaultValueText(option).orElse("");
        }
        return isRequired(option) ? "(required)" : UNSET_TEXT.getOrDefault(option.key(), "(unset)");
    }

    /** What the key means, as declared. */
    public static String meaning(ConfigOption<?> option) {
        return ((TextElement) option.description().getBlocks().get(0)).getFormat();
    }

    public static Optional<ConfigOption<?>> find(String key) {
        return ALL.stream().filter(option -> option.key().equals(key)).findFirst();
    }

    /**
     * The option named {@code key}.
     *
     * @throws ConfigException naming the key, suggesting the closest real one if it looks like a
     *     typo
     */
    public static ConfigOption<?> require(String key) {
        return find(key).orElseThrow(() -> unknown(key, "", closestTo(key)));
    }

    /** A key in a property group that is not a key; {@code path} in group {@code source} too. */
    static ConfigException unknownInGroup(String key, String group) {
        Optional<ConfigOption<?>> prefixed = find(group + "." + key);
        return unknown(
                key,
                " in property group '" + group + "'",
                prefixed.isPresent() ? prefixed : closestTo(key));
    }

    private static ConfigException unknown(
            String key, String where, Optional<ConfigOption<?>> suggestion) {
        if (CREDENTIAL_WORDS.matcher(key.toLowerCase(Locale.ROOT)).find()) {
            return ConfigException.forKey(key, CREDENTIALS_ARE_NOT_KEYS);
        }
        String hint = suggestion.map(o -> "; did you mean --" + o.key() + "?").orElse("");
        return ConfigException.forKey(
                key, "unknown key" + where + hint + " (--help lists the keys)");
    }

    /** The key a typo most likely meant, if one is close enough; the first of equals. */
    private static Optional<ConfigOption<?>> closestTo(String typo) {
        String normalized = typo.toLowerCase(Locale.ROOT);
        // -1 when farther than the limit.
        LevenshteinDistance distance = new LevenshteinDistance(MAX_SUGGESTION_DISTANCE);
        return ALL.stream()
                .filter(option -> distance.apply(normalized, option.key()) >= 0)
                .min(Comparator.comparingInt(option -> distance.apply(normalized, option.key())));
    }

    /**
     * The README table of every key: {@code | group | key | default | meaning |}. A test checks
     * that README.md contains exactly this text; paste the output of this method there after
     * changing a key.
     */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder();
        table.append("| group | key | default | meaning |\n");
        table.append("|---|---|---|---|\n");
        for (ConfigOption<?> o : ALL) {
            table.append(
                    String.format(
                            "| %s | `%s` | %s | %s |\n",
                            isCommandLineOnly(o) ? "(command line)" : group(o),
                            o.key(),
                            defaultValueText(o)
                                    .map(v -> "`" + v + "`")
                                    .orElse(escapeCell(defaultText(o))),
                            escapeCell(meaning(o))));
        }
        return table.toString();
    }

    /** The {@code --help} text: how keys are given, then every key with group, default, meaning. */
    public static String usage() {
        StringBuilder usage = new StringBuilder();
        usage.append("Usage: checkout-lake [--key value | --key=value]...\n\n");
        usage.append(
                wrap(
                        "Turns raw JSON checkout order documents into an exactly-once,"
                                + " event-time-partitioned Parquet lake.",
                        ""));
        usage.append('\n');
        usage.append(
                wrap(
                        "Keys can also come from property groups (Managed Flink's runtime"
                                + " properties, or --properties-file); the command line wins. A"
                                + " key's property group is its first dotted segment (source.path"
                                + " is in group source); keys without a dot are in group "
                                + DEFAULT_GROUP
                                + ".",
                        ""));
        usage.append('\n');
        for (ConfigOption<?> o : ALL) {
            String option = "  --" + o.key() + (o == HELP ? "" : " <value>");
            String details = isCommandLineOnly(o) ? "command line only" : "group " + group(o);
            if (!defaultText(o).isEmpty()) {
                details += ", default " + defaultText(o);
            }
            // The details start in column 40, or one space after a longer key.
            usage.append(String.format("%-39s %s\n", option, details));
            usage.append(wrap(meaning(o), "      "));
        }
        return usage.toString();
    }

    private static String escapeCell(String text) {
        return text.replace("|", "\\|");
    }

    private static String wrap(String text, String indent) {
        return indent
                + WordUtils.wrap(text, USAGE_WIDTH - indent.length(), "\n" + indent, false)
                + "\n";
    }
}
