package io.checkoutlake.job.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Every key the job understands, in one place: the parser rejects anything not listed here, the
 * builder takes its defaults from here, and {@code --help} and the README table are rendered from
 * here, so they cannot drift apart.
 *
 * <p>Keys are dotted lowercase (the aws-samples convention for Managed Flink): the property group
 * of a key is its first dotted segment ({@code source.path} lives in group {@code source} under the
 * key {@code source.path}); keys without a dot live in group {@value #DEFAULT_GROUP}.
 */
public enum ConfigKey {
    MODE(
            "mode",
            "stream",
            "`stream`: unbounded, keeps listing source.path for new objects; `backfill`: bounded"
                    + " over the objects that exist at start, batch execution, exits 0 when done"),
    SOURCE_KIND(
            "source.kind",
            "files",
            "where raw objects come from: `files` (objects under source.path); `kinesis` (raw"
                    + " documents as records on kinesis.stream, stream mode only); `s3-events` (S3"
                    + " object-created notifications on kinesis.stream, objects fetched from"
                    + " source.path, stream mode only)"),
    SOURCE_PATH(
            "source.path",
            Kind.REQUIRED,
            "(required)",
            "URI of the raw prefix: `s3a://bucket/prefix` in production, `file:///path` locally; a"
                    + " bare absolute path `/x` means `file:///x`. With `s3-events`, notifications"
                    + " for objects outside it are skipped; with `kinesis` it may be left out"
                    + " (it then is `kinesis://<kinesis.stream>`)"),
    SOURCE_MONITOR_INTERVAL(
            "source.monitor-interval",
            "10s",
            "how often stream mode lists source.path for new objects"),
    SOURCE_FILES_HORIZON(
            "source.files-horizon",
            "7d",
            "stream mode, source.kind `files`: files modified longer than this before the newest"
                    + " one listed (or before now, whichever is earlier) are skipped, counted in"
                    + " `filesSkippedOutsideHorizon` and not remembered, so the source's state holds"
                    + " only the paths within it; `0` disables (every path is remembered forever)."
                    + " History is loaded with mode `backfill`"),
    KINESIS_STREAM(
            "kinesis.stream",
            Kind.OPTIONAL,
            "(required for kinesis and s3-events)",
            "name of the Kinesis data stream that source.kind `kinesis` or `s3-events` reads"),
    KINESIS_INITIAL_POSITION(
            "kinesis.initial-position",
            "TRIM_HORIZON",
            "where a fresh start (no checkpoint) begins reading each shard: `TRIM_HORIZON` (the"
                    + " oldest retained record), `LATEST`, or `AT_TIMESTAMP` (then"
                    + " kinesis.initial-timestamp is required); a restore continues from the"
                    + " shard positions in its checkpoint"),
    KINESIS_INITIAL_TIMESTAMP(
            "kinesis.initial-timestamp",
            Kind.OPTIONAL,
            "(unset)",
            "ISO-8601 instant, e.g. `2024-05-01T00:00:00Z`, for kinesis.initial-position"
                    + " `AT_TIMESTAMP`"),
    AWS_REGION(
            "aws.region",
            Kind.OPTIONAL,
            "(unset: the AWS SDK's default region chain: AWS_REGION, the profile, instance"
                    + " metadata; required for kinesis, s3-events and glue.register-partitions"
                    + " when none resolves)",
            "AWS region of the job's AWS clients (Kinesis, Glue), e.g. `eu-west-1`"),
    AWS_ENDPOINT(
            "aws.endpoint",
            Kind.OPTIONAL,
            "(unset: the region's AWS endpoints)",
            "URL of the AWS API for every AWS client the job makes (Kinesis, Glue), for a local"
                    + " emulator, e.g. `http://127.0.0.1:4567`. Credentials come from the default"
                    + " AWS provider chain; emulators usually need AWS_CBOR_DISABLE=true in the"
                    + " job's environment"),
    LAKE_PATH(
            "lake.path",
            Kind.REQUIRED,
            "(required)",
            "URI of the lake root; tables go to `<lake.path>/checkout` and"
                    + " `<lake.path>/fulfillment`"),
    LAKE_PARTITION_PATTERN(
            "lake.partition-pattern",
            "'YEAR='yyyy/'MONTH='MM/'DAY='dd",
            "java.time DateTimeFormatter pattern applied to the UTC event time to name the"
                    + " partition folder"),
    LAKE_COMPRESSION("lake.compression", "zstd", "Parquet compression codec: `zstd` or `snappy`"),
    LAKE_DICTIONARY_ENCODING(
            "lake.dictionary-encoding",
            "false",
            "`true` dictionary-encodes Parquet columns; off by default: half of the lake's"
                    + " columns are near-unique (ids, URLs, timestamps) and fall back to plain"
                    + " encoding anyway, dictionaries cost ~18% of a backfill's CPU and zstd files"
                    + " without them are ~1.5% larger"),
    LAKE_MAX_PART_SIZE(
            "lake.max-part-size",
            "128mb",
            "a Parquet part file rolls when it reaches this size (and at every checkpoint); e.g."
                    + " 512kb, 64mb, 1gb"),
    LAKE_COMMIT_DELAY(
            "lake.commit-delay",
            "15m",
            "stream mode: a partition is committed (`_manifest.json`, then `_SUCCESS`, then Glue"
                    + " registration if glue.register-partitions) once the table's watermark passes"
                    + " the partition's end plus this delay and every file written to it until then"
                    + " is committed; a late row commits it again. `0` commits as soon as the"
                    + " watermark passes"),
    LAKE_COMPACTION_ENABLED(
            "lake.compaction.enabled",
            "false",
            "stream mode: `true` merges each partition's part files of one or more checkpoints"
                    + " into files of about lake.compaction.target-size before they become"
                    + " visible (readers never see the inputs); rows become visible after at most"
                    + " lake.compaction.max-checkpoints checkpoints instead of one"),
    LAKE_COMPACTION_TARGET_SIZE(
            "lake.compaction.target-size",
            "128mb",
            "with compaction: a partition's pending files are merged as soon as they add up to"
                    + " this size; e.g. 64mb, 256mb"),
    LAKE_COMPACTION_MAX_CHECKPOINTS(
            "lake.compaction.max-checkpoints",
            "10",
            "with compaction: pending files smaller than the target are merged anyway after this"
                    + " many checkpoints (1..1000), so a quiet partition's rows do not wait"
                    + " forever; the longest a row waits to be visible is this times"
                    + " checkpoint.interval"),
    GLUE_REGISTER_PARTITIONS(
            "glue.register-partitions",
            "false",
            "stream mode: `true` registers each committed partition in the Glue Data Catalog"
                    + " (BatchCreatePartition, an existing partition is success) with the"
                    + " storage descriptor of its table; uses aws.region and aws.endpoint"),
    GLUE_DATABASE(
            "glue.database",
            "checkout_lake",
            "Glue database holding the tables `checkout` and `fulfillment`"
                    + " (deploy/catalog/glue-catalog.yaml)"),
    DEADLETTER_PATH(
            "deadletter.path",
            Kind.REQUIRED,
            "(required)",
            "URI of the dead-letter root; it holds raw documents, so it is as sensitive as the raw"
                    + " source"),
    DOCUMENT_MAX_BYTES(
            "document.max-bytes",
            "16mb",
            "larger objects become dead letters (`too_large`) without being parsed; at most 1gb"),
    FETCH_CONCURRENCY(
            "fetch.concurrency", "64", "objects fetched concurrently per subtask (1..10000)"),
    FETCH_TIMEOUT("fetch.timeout", "2m", "timeout of one object fetch"),
    FETCH_RETRIES(
            "fetch.retries", "3", "retries of a failing fetch before the job fails over (0..100)"),
    S3_ENDPOINT(
            "s3.endpoint",
            Kind.OPTIONAL,
            "(unset: AWS S3)",
            "URL of the S3 API behind `s3a://` and `s3://` paths, e.g. `http://127.0.0.1:9000` for"
                    + " an S3-compatible store. Configures the file systems of the embedded"
                    + " MiniCluster (`java -jar`); on a cluster, set Flink's `s3.endpoint` in its"
                    + " configuration. Credentials are never keys: they come from the default AWS"
                    + " provider chain"),
    S3_PATH_STYLE_ACCESS(
            "s3.path-style-access",
            "false",
            "`true` addresses buckets as `<endpoint>/<bucket>` instead of"
                    + " `<bucket>.<endpoint>`; most S3-compatible stores need it"),
    PARALLELISM(
            "parallelism",
            Kind.OPTIONAL,
            "(unset: the environment's default)",
            "job parallelism, a positive integer"),
    CHECKPOINT_DIR(
            "checkpoint.dir",
            "file:///tmp/checkout-lake/checkpoints",
            "URI where checkpoints are retained"),
    CHECKPOINT_INTERVAL(
            "checkpoint.interval",
            "30s",
            "time between checkpoints, at least 1s; part files are committed at checkpoints"),
    RESTORE_FROM(
            "restore-from",
            Kind.OPTIONAL,
            "(unset: a fresh start)",
            "`latest` (the newest retained checkpoint under checkpoint.dir, or a fresh start if"
                    + " there is none) or a checkpoint/savepoint URI or path (a savepoint that a"
                    + " job already started from and checkpointed: that job's newest checkpoint);"
                    + " stream mode only; not a Managed Flink runtime property"),
    REST_PORT(
            "rest.port",
            "8081",
            "port of the local web UI and REST API (1..65535; 0 = any free port); a backfill takes"
                    + " any free port when this one is in use"),
    WATERMARK_OUT_OF_ORDERNESS(
            "watermark.out-of-orderness", "5m", "bounded out-of-orderness of event time"),
    WATERMARK_IDLENESS(
            "watermark.idleness",
            "1m",
            "a source split idle this long no longer holds the watermark back; `0` disables"),
    WATERMARK_MAX_FUTURE(
            "watermark.max-future",
            "5m",
            "stream mode: rows whose event time is later than the wall clock plus this are"
                    + " written to their partition but do not advance the watermark (counted in"
                    + " `futureRows`), so a document dated 2099 cannot commit today's partitions;"
                    + " keep it below watermark.out-of-orderness plus lake.commit-delay"),
    DEDUP_RETENTION(
            "dedup.retention",
            "7d",
            "stream mode: how long the identity of each object's content is remembered, so that"
                    + " identical content re-delivered under the same key becomes a `duplicate`"
                    + " dead letter instead of a second row; `0` disables"),
    BACKFILL_FOLDERS(
            "backfill.folders",
            "all",
            "backfill: the raw folders to read, comma-separated: a prefix `3A`, a range `00-3F`"
                    + " (both entities' folders), a folder `E9_FulfillmentOrder`, or `all` (the"
                    + " 512 folders `00..FF` x `_CheckoutOrder`/`_FulfillmentOrder`)"),
    BACKFILL_FOLDERS_PER_JOB(
            "backfill.folders-per-job",
            "16",
            "backfill: folders read by one batch job; a folder is marked done when its job"
                    + " succeeds, so a killed run redoes at most this many"),
    BACKFILL_PROGRESS_INTERVAL(
            "backfill.progress-interval",
            "30s",
            "backfill: how often the progress line (objects and bytes done of the total, rate,"
                    + " ETA) is logged"),
    BACKFILL_RESUME(
            "backfill.resume",
            "true",
            "backfill: `true` skips folders that a previous run finished (their markers under"
                    + " `<lake.path>/_backfill/`); `false` reads them again, replacing their output"),
    BACKFILL_COVERED_ONLY(
            "backfill.covered-only",
            "false",
            "backfill, with `backfill.resume false`: `true` reads again only the object versions"
                    + " each folder's marker covers (what its earlier run read), leaving newer"
                    + " objects to the stream: how a folder is backfilled again while the stream"
                    + " runs"),
    PROPERTIES_FILE(
            "properties-file",
            Kind.COMMAND_LINE,
            "(unset)",
            "JSON file of property groups in the Managed Flink format, read before the command"
                    + " line (which wins); `classpath:NAME` reads a resource. Unset, Managed"
                    + " Flink's /etc/flink/application_properties.json is read if it exists"),
    HELP("help", Kind.COMMAND_LINE, "", "print this usage and exit");

    /** The property group of keys without a dot. */
    public static final String DEFAULT_GROUP = "job";

    /** Farthest a typo may be from a key (in single-character edits) to be suggested. */
    private static final int MAX_SUGGESTION_DISTANCE = 2;

    private static final int USAGE_WIDTH = 100;

    private enum Kind {
        DEFAULTED,
        REQUIRED,
        OPTIONAL,
        COMMAND_LINE
    }

    private final String key;
    private final Kind kind;
    private final String defaultText;
    private final String meaning;

    ConfigKey(String key, String defaultValue, String meaning) {
        this(key, Kind.DEFAULTED, defaultValue, meaning);
    }

    ConfigKey(String key, Kind kind, String defaultText, String meaning) {
        this.key = key;
        this.kind = kind;
        this.defaultText = defaultText;
        this.meaning = meaning;
    }

    /** The key as written in configuration, without {@code --}, e.g. {@code source.path}. */
    public String key() {
        return key;
    }

    /** The property group the key lives in: its first dotted segment, else {@code job}. */
    public String group() {
        int dot = key.indexOf('.');
        return dot < 0 ? DEFAULT_GROUP : key.substring(0, dot);
    }

    /** The value used when the key is not given; empty for required and optional keys. */
    public Optional<String> defaultValue() {
        return kind == Kind.DEFAULTED ? Optional.of(defaultText) : Optional.empty();
    }

    /** The default for people: the value, or e.g. {@code (required)}. */
    public String defaultText() {
        return defaultText;
    }

    public String meaning() {
        return meaning;
    }

    public boolean isRequired() {
        return kind == Kind.REQUIRED;
    }

    /** True for {@code --help} and {@code --properties-file}: not settings, not in any group. */
    public boolean isCommandLineOnly() {
        return kind == Kind.COMMAND_LINE;
    }

    public static Optional<ConfigKey> fromKey(String key) {
        for (ConfigKey configKey : values()) {
            if (configKey.key.equals(key)) {
                return Optional.of(configKey);
            }
        }
        return Optional.empty();
    }

    /**
     * The key named {@code key}.
     *
     * @throws ConfigException naming the key, suggesting the closest real one if it looks like a
     *     typo
     */
    public static ConfigKey require(String key) {
        return fromKey(key).orElseThrow(() -> unknown(key));
    }

    static ConfigException unknown(String key) {
        return unknown(key, "", closestTo(key));
    }

    /** A key in a property group that is not a key; {@code path} in group {@code source} too. */
    static ConfigException unknownInGroup(String key, String group) {
        Optional<ConfigKey> prefixed = fromKey(group + "." + key);
        return unknown(
                key,
                " in property group '" + group + "'",
                prefixed.isPresent() ? prefixed : closestTo(key));
    }

    private static ConfigException unknown(
            String key, String where, Optional<ConfigKey> suggestion) {
        if (looksLikeCredentials(key)) {
            return ConfigException.forKey(key, CREDENTIALS_ARE_NOT_KEYS);
        }
        String hint = suggestion.map(k -> "; did you mean --" + k.key + "?").orElse("");
        return ConfigException.forKey(
                key, "unknown key" + where + hint + " (--help lists the keys)");
    }

    /**
     * Why {@code --s3.access-key} and the like are refused: configuration is visible in process
     * lists, shell history, properties files, logs and the Managed Flink console.
     */
    static final String CREDENTIALS_ARE_NOT_KEYS =
            "credentials are never configuration (command lines, properties files and logs are"
                    + " not secret); the job takes them only from the default AWS credentials"
                    + " provider chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN,"
                    + " an ~/.aws profile (AWS_PROFILE), web identity, or the task or instance role";

    private static final String[] CREDENTIAL_WORDS = {
        "access-key",
        "access.key",
        "access_key",
        "accesskey",
        "secret",
        "session-token",
        "session.token",
        "session_token",
        "sessiontoken",
        "credential",
        "password"
    };

    /** True for keys such as {@code s3.access-key} or {@code fs.s3a.secret.key}. */
    static boolean looksLikeCredentials(String key) {
        String normalized = key.toLowerCase(Locale.ROOT);
        for (String word : CREDENTIAL_WORDS) {
            if (normalized.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** The key a typo most likely meant, if one is close enough. */
    static Optional<ConfigKey> closestTo(String typo) {
        String normalized = typo.toLowerCase(Locale.ROOT);
        ConfigKey closest = null;
        int closestDistance = MAX_SUGGESTION_DISTANCE + 1;
        for (ConfigKey candidate : values()) {
            int distance = editDistance(normalized, candidate.key);
            if (distance < closestDistance) {
                closest = candidate;
                closestDistance = distance;
            }
        }
        return Optional.ofNullable(closest);
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] =
                        Math.min(
                                previous[j - 1] + substitution,
                                Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
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
        for (ConfigKey k : values()) {
            String defaultCell =
                    k.defaultValue().map(v -> "`" + v + "`").orElse(escapeCell(k.defaultText));
            table.append("| ")
                    .append(k.groupLabel())
                    .append(" | `")
                    .append(k.key)
                    .append("` | ")
                    .append(defaultCell)
                    .append(" | ")
                    .append(escapeCell(k.meaning))
                    .append(" |\n");
        }
        return table.toString();
    }

    /** The {@code --help} text: how keys are given, then every key with group, default, meaning. */
    static String usage() {
        StringBuilder usage = new StringBuilder();
        usage.append("Usage: checkout-lake [--key value | --key=value]...\n\n");
        usage.append(
                wrap(
                        "Turns raw JSON checkout order documents into an exactly-once,"
                                + " event-time-partitioned Parquet lake.",
                        "",
                        USAGE_WIDTH));
        usage.append('\n');
        usage.append(
                wrap(
                        "Keys can also come from property groups (Managed Flink's runtime"
                                + " properties, or --properties-file); the command line wins. A"
                                + " key's property group is its first dotted segment (source.path"
                                + " is in group source); keys without a dot are in group "
                                + DEFAULT_GROUP
                                + ".",
                        "",
                        USAGE_WIDTH));
        usage.append('\n');
        for (ConfigKey k : values()) {
            String option = "  --" + k.key + (k == HELP ? "" : " <value>");
            String details = k.isCommandLineOnly() ? "command line only" : "group " + k.group();
            if (!k.defaultText.isEmpty()) {
                details += ", default " + k.defaultText;
            }
            usage.append(padRight(option, 40)).append(details).append('\n');
            usage.append(wrap(k.meaning, "      ", USAGE_WIDTH));
        }
        return usage.toString();
    }

    private String groupLabel() {
        return isCommandLineOnly() ? "(command line)" : group();
    }

    private static String escapeCell(String text) {
        return text.replace("|", "\\|");
    }

    private static String padRight(String text, int width) {
        StringBuilder padded = new StringBuilder(text);
        do {
            padded.append(' ');
        } while (padded.length() < width);
        return padded.toString();
    }

    private static String wrap(String text, String indent, int width) {
        StringBuilder wrapped = new StringBuilder();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                wrapped.append(line).append('\n');
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        return wrapped.append(line).append('\n').toString();
    }
}
