package io.checkoutlake.job.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.checkoutlake.functions.partition.EventTimeBucketAssigner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LakeJobConfigTest {
    private static final String[] REQUIRED = {
        "--source.path", "s3a://raw-bucket/raw",
        "--lake.path", "s3a://lake-bucket/lake",
        "--deadletter.path", "s3a://dead-bucket/deadletter"
    };

    @TempDir Path dir;

    private Path absentRuntimeFile() {
        return dir.resolve("no-runtime-properties.json");
    }

    /** The required keys (unless {@code extra} gives them) and {@code extra}, no runtime file. */
    private LakeJobConfig fromArgs(String... extra) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < REQUIRED.length; i += 2) {
            String key = REQUIRED[i];
            if (Arrays.stream(extra).noneMatch(a -> a.equals(key) || a.startsWith(key + "="))) {
                args.add(key);
                args.add(REQUIRED[i + 1]);
            }
        }
        args.addAll(List.of(extra));
        return LakeJobConfig.fromArgs(
                args.toArray(new String[0]), absentRuntimeFile(), Optional::empty);
    }

    private static LakeJobConfigBuilder withRequired() {
        return LakeJobConfig.builder()
                .set("source.path", "s3a://raw-bucket/raw")
                .set("lake.path", "s3a://lake-bucket/lake")
                .set("deadletter.path", "s3a://dead-bucket/deadletter");
    }

    private static String[] concat(String[] first, String... second) {
        String[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private static ConfigException configException(Runnable action) {
        return catchThrowableOfType(ConfigException.class, action::run);
    }

    // Outside the @Nested class: Java 11 allows no static methods in inner classes.
    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of("mode", "streaming", "is not a mode (stream or backfill)"),
                Arguments.of("source.kind", "Kinesis", "is not a source kind"),
                Arguments.of("source.kind", "ftp", "is not a source kind"),
                Arguments.of("source.path", "raw/prefix", "is not an absolute URI with a scheme"),
                Arguments.of("source.path", "s3a:/raw", "names no bucket"),
                Arguments.of("source.path", "s3a://b/raw?x=1", "has a query or fragment"),
                Arguments.of("source.path", "s3a://b/r aw", "is not a URI"),
                Arguments.of("source.monitor-interval", "0", "is not a positive duration"),
                Arguments.of("source.files-horizon", "7", "has no unit"),
                Arguments.of("source.files-horizon", "-7d", "is not a duration"),
                Arguments.of("source.files-horizon", "none", "is not a duration"),
                Arguments.of("kinesis.stream", "raw stream", "is not a stream name"),
                Arguments.of("kinesis.initial-position", "EARLIEST", "is not an initial position"),
                Arguments.of(
                        "kinesis.initial-timestamp", "2024-05-01", "is not an ISO-8601 instant"),
                Arguments.of("aws.region", "Europe", "is not an AWS region"),
                Arguments.of(
                        "aws.endpoint", "tcp://127.0.0.1:4567", "is not an http:// or https://"),
                Arguments.of("lake.path", "file://tmp/lake", "needs three slashes"),
                Arguments.of("lake.partition-pattern", "'YEAR=yyyy", "DateTimeFormatter pattern"),
                Arguments.of("lake.partition-pattern", "YYYY/MM", "week-based year"),
                Arguments.of(
                        "lake.partition-pattern", "'/'yyyy", "does not name a relative folder"),
                Arguments.of("lake.partition-pattern", "'..'", "does not name a relative folder"),
                Arguments.of("lake.compression", "gzip", "is not a compression (zstd or snappy)"),
                Arguments.of("lake.dictionary-encoding", "yes", "is not true or false"),
                Arguments.of("lake.max-part-size", "128", "has no unit"),
                Arguments.of("lake.max-part-size", "0", "is not a positive size"),
                Arguments.of("lake.commit-delay", "-1h", "is not a duration"),
                Arguments.of("lake.compaction.enabled", "on", "is not true or false"),
                Arguments.of("lake.compaction.target-size", "0", "is not a positive size"),
                Arguments.of("lake.compaction.max-checkpoints", "0", "is not between 1 and 1000"),
                Arguments.of("glue.register-partitions", "yes", "is not true or false"),
                Arguments.of("glue.database", "Checkout-Lake", "is not a Glue database name"),
                Arguments.of("deadletter.path", "mailto:ops@example.com", "is not an absolute URI"),
                Arguments.of("document.max-bytes", "2gb", "is more than 1gb"),
                Arguments.of("fetch.concurrency", "10001", "is not between 1 and 10000"),
                Arguments.of("fetch.concurrency", "many", "is not a whole number"),
                Arguments.of("fetch.timeout", "2 minutes", "is not a duration (e.g. 30s, 5m, 1h)"),
                Arguments.of("fetch.retries", "-1", "is not between 0 and 100"),
                Arguments.of(
                        "s3.endpoint",
                        "s3.eu-west-1.amazonaws.com",
                        "is not an http:// or https:// URL with a host"),
                Arguments.of("s3.endpoint", "ftp://127.0.0.1:21", "is not an http:// or https://"),
                Arguments.of(
                        "s3.endpoint",
                        "http://127.0.0.1:9000/raw-bucket",
                        "has a path, query or fragment"),
                Arguments.of("s3.endpoint", "http://127.0.0.1:9000/a b", "is not a URL"),
                Arguments.of("s3.path-style-access", "yes", "is not true or false"),
                Arguments.of("parallelism", "0", "is not a positive integer"),
                Arguments.of("checkpoint.dir", "relative/dir", "is not an absolute URI"),
                Arguments.of("checkpoint.interval", "30x", "is not a duration (e.g. 30s, 5m, 1h)"),
                Arguments.of("checkpoint.interval", "500ms", "is less than 1s"),
                Arguments.of("restore-from", "chk-5", "is neither 'latest' nor"),
                Arguments.of("rest.port", "65536", "is not between 0 and 65535"),
                Arguments.of("watermark.out-of-orderness", "5", "has no unit"),
                Arguments.of("watermark.idleness", "-1m", "is not a duration"),
                Arguments.of("watermark.max-future", "soon", "is not a duration"),
                Arguments.of("dedup.retention", "-1d", "is not a duration"),
                Arguments.of("backfill.folders", "00-3G", "'00-3G' is not a folder prefix"),
                Arguments.of("backfill.folders", "3F-00", "is a range from high to low"),
                Arguments.of("backfill.folders-per-job", "0", "0"),
                Arguments.of("backfill.folders-per-job", "513", "513"),
                Arguments.of("backfill.progress-interval", "100ms", "100ms"),
                Arguments.of("backfill.resume", "maybe", "maybe"),
                Arguments.of("backfill.covered-only", "maybe", "maybe"));
    }

    @Nested
    class Defaults {
        @Test
        void everyOptionalKeyHasTheDocumentedDefault() {
            LakeJobConfig config = withRequired().build();

            assertThat(config.mode()).isEqualTo(Mode.STREAM);
            assertThat(config.sourceKind()).isEqualTo(SourceKind.FILES);
            assertThat(config.get(LakeOptions.SOURCE_MONITOR_INTERVAL))
                    .isEqualTo(Duration.ofSeconds(10));
            assertThat(config.get(LakeOptions.SOURCE_FILES_HORIZON)).isEqualTo(Duration.ofDays(7));
            assertThat(config.get(LakeOptions.LAKE_PARTITION_PATTERN))
                    .isEqualTo("'YEAR='yyyy/'MONTH='MM/'DAY='dd");
            assertThat(config.get(LakeOptions.LAKE_COMPRESSION)).isEqualTo("zstd");
            assertThat(config.get(LakeOptions.LAKE_MAX_PART_SIZE).getBytes())
                    .isEqualTo(128L * 1024 * 1024);
            assertThat(config.get(LakeOptions.DOCUMENT_MAX_BYTES).getBytes())
                    .isEqualTo(16L * 1024 * 1024);
            assertThat(config.get(LakeOptions.FETCH_CONCURRENCY)).isEqualTo(64);
            assertThat(config.get(LakeOptions.FETCH_TIMEOUT)).isEqualTo(Duration.ofMinutes(2));
            assertThat(config.get(LakeOptions.FETCH_RETRIES)).isEqualTo(3);
            assertThat(config.getOptional(LakeOptions.S3_ENDPOINT)).isEmpty();
            assertThat(config.get(LakeOptions.S3_PATH_STYLE_ACCESS)).isFalse();
            assertThat(config.getOptional(LakeOptions.PARALLELISM)).isEmpty();
            assertThat(config.checkpointDir())
                    .isEqualTo(URI.create("file:///tmp/checkout-lake/checkpoints"));
            assertThat(config.get(LakeOptions.CHECKPOINT_INTERVAL))
                    .isEqualTo(Duration.ofSeconds(30));
            assertThat(config.getOptional(LakeOptions.RESTORE_FROM)).isEmpty();
            assertThat(config.getOptional(LakeOptions.RESTORE_FROM).filter("latest"::equals))
                    .isEmpty();
            assertThat(config.get(LakeOptions.REST_PORT)).isEqualTo(8081);
            assertThat(config.get(LakeOptions.WATERMARK_OUT_OF_ORDERNESS))
                    .isEqualTo(Duration.ofMinutes(5));
            assertThat(config.get(LakeOptions.WATERMARK_IDLENESS)).isEqualTo(Duration.ofMinutes(1));
            assertThat(config.get(LakeOptions.WATERMARK_MAX_FUTURE))
                    .isEqualTo(Duration.ofMinutes(5));
        }

        @Test
        void defaultsComeFromLakeOptionsAndPrintAsDocumented() {
            Map<String, String> values = withRequired().build().toKeyValues();

            for (ConfigOption<?> key : LakeOptions.all()) {
                LakeOptions.defaultValueText(key)
                        .ifPresent(v -> assertThat(values).containsEntry(key.key(), v));
            }
        }

        @Test
        void commandLineWithOnlyTheRequiredKeysGivesTheDefaults() {
            assertThat(fromArgs()).isEqualTo(withRequired().build());
        }
    }

    @Nested
    class Parsing {
        @Test
        void readsSpaceAndEqualsSeparatedValues() {
            LakeJobConfig config =
                    fromArgs(
                            "--mode",
                            "backfill",
                            "--fetch.concurrency=8",
                            "--lake.partition-pattern='date='yyyy-MM-dd",
                            "--parallelism",
                            "4",
                            "--lake.max-part-size=512kb",
                            "--watermark.idleness",
                            "0");

            assertThat(config.mode()).isEqualTo(Mode.BACKFILL);
            assertThat(config.get(LakeOptions.FETCH_CONCURRENCY)).isEqualTo(8);
            assertThat(config.get(LakeOptions.LAKE_PARTITION_PATTERN))
                    .isEqualTo("'date='yyyy-MM-dd");
            assertThat(config.getOptional(LakeOptions.PARALLELISM)).contains(4);
            assertThat(config.get(LakeOptions.LAKE_MAX_PART_SIZE).getBytes()).isEqualTo(512 * 1024);
            assertThat(config.get(LakeOptions.WATERMARK_IDLENESS)).isZero();
        }

        @Test
        void filesHorizonTakesADurationAndZeroDisablesIt() {
            assertThat(
                            fromArgs("--source.files-horizon", "36h")
                                    .get(LakeOptions.SOURCE_FILES_HORIZON))
                    .isEqualTo(Duration.ofHours(36));
            assertThat(
                            fromArgs("--source.files-horizon", "0")
                                    .get(LakeOptions.SOURCE_FILES_HORIZON))
                    .isZero();
        }

        @Test
        void turnsABareAbsolutePathIntoAFileUri() {
            LakeJobConfig config = fromArgs("--source.path=/data/my raw");

            assertThat(config.sourcePath()).isEqualTo(URI.create("file:///data/my%20raw"));
        }

        @Test
        void normalizesPaths() {
            LakeJobConfig config =
                    LakeJobConfig.fromArgs(
                            new String[] {
                                "--source.path", "s3a://raw-bucket/raw/",
                                "--lake.path", "file:/tmp/lake/",
                                "--deadletter.path", "S3A://dead-bucket",
                                "--checkpoint.dir", "file://localhost/tmp/chk"
                            },
                            absentRuntimeFile(),
                            Optional::empty);

            assertThat(config.sourcePath()).isEqualTo(URI.create("s3a://raw-bucket/raw"));
            assertThat(config.lakePath()).isEqualTo(URI.create("file:///tmp/lake"));
            assertThat(config.deadletterPath()).isEqualTo(URI.create("s3a://dead-bucket"));
            assertThat(config.checkpointDir()).isEqualTo(URI.create("file://localhost/tmp/chk"));
        }

        @Test
        void placesTablesUnderTheLakePath() {
            LakeJobConfig config = fromArgs("--lake.path", "s3a://lake-bucket/lake/");

            assertThat(config.lakeTablePath("checkout"))
                    .isEqualTo(URI.create("s3a://lake-bucket/lake/checkout"));
            assertThat(config.lakeTablePath("fulfillment"))
                    .isEqualTo(URI.create("s3a://lake-bucket/lake/fulfillment"));
            assertThat(fromArgs("--lake.path", "file:///").lakeTablePath("checkout"))
                    .isEqualTo(URI.create("file:///checkout"));
        }

        @Test
        void partitionFormatterNamesTheUtcFolder() {
            LakeJobConfig config = fromArgs();

            assertThat(
                            EventTimeBucketAssigner.compile(
                                            config.get(LakeOptions.LAKE_PARTITION_PATTERN))
                                    .format(Instant.parse("2024-03-05T23:30:00Z")))
                    .isEqualTo("YEAR=2024/MONTH=03/DAY=05");
        }

        @ParameterizedTest
        @ValueSource(strings = {"latest", "s3://bucket/checkpoints/chk-12", "/tmp/savepoint-1"})
        void acceptsRestorePoints(String restoreFrom) {
            LakeJobConfig config = fromArgs("--restore-from", restoreFrom);

            assertThat(config.getOptional(LakeOptions.RESTORE_FROM)).contains(restoreFrom);
            assertThat(
                            config.getOptional(LakeOptions.RESTORE_FROM)
                                    .filter("latest"::equals)
                                    .isPresent())
                    .isEqualTo(restoreFrom.equals("latest"));
        }

        @Test
        void ignoresHelpSoThatCallersCanCheckItFirst() {
            assertThat(fromArgs("--help")).isEqualTo(fromArgs());
        }
    }

    @Nested
    class DefaultRegion {
        private final String[] s3Events = {"--source.kind", "s3-events", "--kinesis.stream", "raw"};

        private LakeJobConfig fromArgs(Supplier<Optional<String>> region, String... extra) {
            List<String> args = new ArrayList<>(Arrays.asList(REQUIRED));
            args.addAll(List.of(extra));
            return LakeJobConfig.fromArgs(args.toArray(new String[0]), absentRuntimeFile(), region);
        }

        @Test
        void anUnsetRegionComesFromTheDefaultChainWhenASourceNeedsIt() {
            assertThat(
                            fromArgs(() -> Optional.of("eu-west-1"), s3Events)
                                    .getOptional(LakeOptions.AWS_REGION))
                    .contains("eu-west-1");
        }

        @Test
        void theGlueRegistrationTakesTheChainsRegionToo() {
            assertThat(
                            fromArgs(
                                            () -> Optional.of("eu-central-1"),
                                            "--glue.register-partitions",
                                            "true")
                                    .getOptional(LakeOptions.AWS_REGION))
                    .contains("eu-central-1");
        }

        @Test
        void aGivenRegionWinsAndTheChainIsNotAsked() {
            AtomicInteger asked = new AtomicInteger();
            Supplier<Optional<String>> chain =
                    () -> {
                        asked.incrementAndGet();
                        return Optional.of("eu-west-1");
                    };

            assertThat(fromArgs(chain).getOptional(LakeOptions.AWS_REGION)).isEmpty();
            assertThat(
                            fromArgs(chain, concat(s3Events, "--aws.region", "us-east-1"))
                                    .getOptional(LakeOptions.AWS_REGION))
                    .contains("us-east-1");
            assertThat(asked).as("no lookup when no client needs a region").hasValue(0);
        }

        @Test
        void aRegionIsRequiredOnlyWhenTheChainResolvesNone() {
            assertThatThrownBy(() -> fromArgs(Optional::empty, s3Events))
                    .hasMessageStartingWith("--aws.region: is required but not set");
        }

        @Test
        void theSdkChainReadsTheAwsRegionSystemProperty() {
            String before = System.getProperty("aws.region");
            System.setProperty("aws.region", "ap-southeast-2");
            try {
                assertThat(
                                fromArgs(LakeJobConfig::defaultChainRegion, s3Events)
                                        .getOptional(LakeOptions.AWS_REGION))
                        .contains("ap-southeast-2");
            } finally {
                if (before == null) {
                    System.clearProperty("aws.region");
                } else {
                    System.setProperty("aws.region", before);
                }
            }
        }

        private String[] concat(String[] a, String... b) {
            return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
        }
    }

    @Nested
    class Validation {
        @ParameterizedTest(name = "--{0} {1}")
        @MethodSource("io.checkoutlake.job.config.LakeJobConfigTest#invalidValues")
        void messageNamesTheKeyAndTheValue(String key, String value, String problem) {
            ConfigException e = configException(() -> fromArgs("--" + key, value));

            assertThat(e.getMessage()).startsWith("--" + key + ": ").contains(value, problem);
            assertThat(e.key()).contains(key);
        }

        @Test
        void kinesisSourcesNeedStreamAndRegionAndStreamMode() {
            assertThatThrownBy(() -> fromArgs("--source.kind", "kinesis"))
                    .hasMessageStartingWith("--kinesis.stream: is required but not set");
            assertThatThrownBy(
                            () ->
                                    fromArgs(
                                            "--source.kind", "s3-events",
                                            "--kinesis.stream", "raw"))
                    .hasMessageStartingWith("--aws.region: is required but not set");
            assertThatThrownBy(
                            () ->
                                    fromArgs(
                                            "--source.kind", "kinesis",
                                            "--kinesis.stream", "raw",
                                            "--aws.region", "eu-west-1",
                                            "--kinesis.initial-position", "AT_TIMESTAMP"))
                    .hasMessageStartingWith("--kinesis.initial-timestamp: is required");
            assertThatThrownBy(
                            () ->
                                    fromArgs(
                                            "--source.kind", "kinesis",
                                            "--kinesis.stream", "raw",
                                            "--aws.region", "eu-west-1",
                                            "--mode", "backfill"))
                    .hasMessageContaining("runs in mode stream only");
        }

        @Test
        void kinesisNeedsNoSourcePath() {
            LakeJobConfig config =
                    LakeJobConfig.builder()
                            .set("source.kind", "kinesis")
                            .set("kinesis.stream", "raw")
                            .set("aws.region", "us-east-1")
                            .set("aws.endpoint", "http://127.0.0.1:4567")
                            .set("lake.path", "/lake")
                            .set("deadletter.path", "/dlq")
                            .build();

            assertThat(config.sourcePath()).isEqualTo(URI.create("kinesis://raw"));
            assertThat(config.get(LakeOptions.KINESIS_INITIAL_POSITION)).isEqualTo("TRIM_HORIZON");
            assertThat(config.toBuilder().build()).isEqualTo(config);
        }

        @Test
        void everySettingHasAnInvalidValueCase() {
            Set<String> covered =
                    invalidValues().map(a -> (String) a.get()[0]).collect(Collectors.toSet());

            for (ConfigOption<?> key : LakeOptions.all()) {
                if (!LakeOptions.isCommandLineOnly(key)) {
                    assertThat(covered).as("invalid value case for %s", key).contains(key.key());
                }
            }
        }

        @Test
        void exampleMessageReadsAsDocumented() {
            assertThatThrownBy(() -> fromArgs("--checkpoint.interval", "30x"))
                    .isInstanceOf(ConfigException.class)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "--checkpoint.interval: '30x' is not a duration (e.g. 30s, 5m, 1h)");
        }

        @Test
        void typedValuesAreValidatedByBuild() {
            assertThat(
                            configException(
                                    () ->
                                            withRequired()
                                                    .set(LakeOptions.FETCH_CONCURRENCY, 0)
                                                    .build()))
                    .hasMessage("--fetch.concurrency: '0' is not between 1 and 10000");
            assertThat(
                            configException(
                                    () ->
                                            withRequired()
                                                    .set(
                                                            LakeOptions.CHECKPOINT_INTERVAL,
                                                            Duration.ofMillis(10))
                                                    .build()))
                    .hasMessage("--checkpoint.interval: '10ms' is less than 1s");
            assertThat(configException(() -> withRequired().set(LakeOptions.MODE, null).build()))
                    .hasMessage("--mode: is not set");
            assertThat(
                            configException(
                                    () ->
                                            withRequired()
                                                    .set(
                                                            LakeOptions.WATERMARK_IDLENESS,
                                                            Duration.ofSeconds(-1))
                                                    .build()))
                    .hasMessageStartingWith("--watermark.idleness: ");
            assertThat(
                            configException(
                                    () ->
                                            withRequired()
                                                    .set(LakeOptions.SOURCE_PATH, "relative")
                                                    .build()))
                    .hasMessageStartingWith("--source.path: 'relative' is not an absolute URI");
        }

        @Test
        void namesEveryMissingRequiredKey() {
            assertThatThrownBy(() -> LakeJobConfig.builder().build())
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(
                            "--source.path: is required but not set"
                                    + " (also missing: --lake.path, --deadletter.path)");
            assertThatThrownBy(
                            () ->
                                    LakeJobConfig.fromArgs(
                                            new String[] {"--source.path", "/raw"},
                                            absentRuntimeFile(),
                                            Optional::empty))
                    .hasMessage(
                            "--lake.path: is required but not set"
                                    + " (also missing: --deadletter.path)");
        }

        @Test
        void rejectsEmptyValues() {
            assertThatThrownBy(() -> fromArgs("--fetch.timeout="))
                    .hasMessage("--fetch.timeout: empty value");
            assertThatThrownBy(() -> withRequired().set("lake.path", "  "))
                    .hasMessage("--lake.path: empty value");
        }

        @Test
        void restoreIsForStreamModeOnly() {
            assertThatThrownBy(() -> fromArgs("--mode", "backfill", "--restore-from", "latest"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(
                            "--restore-from: 'latest' cannot be used with --mode backfill");
        }
    }

    @Nested
    class S3 {
        @Test
        void readsEndpointAndPathStyleAccess() {
            LakeJobConfig config =
                    fromArgs(
                            "--s3.endpoint",
                            "HTTP://127.0.0.1:9000/",
                            "--s3.path-style-access=true");

            assertThat(config.getOptional(LakeOptions.S3_ENDPOINT))
                    .contains("http://127.0.0.1:9000");
            assertThat(config.get(LakeOptions.S3_PATH_STYLE_ACCESS)).isTrue();
            assertThat(
                            fromArgs("--s3.endpoint", "https://s3.eu-west-1.amazonaws.com")
                                    .getOptional(LakeOptions.S3_ENDPOINT))
                    .contains("https://s3.eu-west-1.amazonaws.com");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "s3.access-key",
                    "s3.secret-key",
                    "s3.access.key",
                    "s3.session-token",
                    "fs.s3a.secret.key",
                    "aws.secretAccessKey",
                    "s3.aws.credentials.provider"
                })
        void refusesCredentialKeysSayingWhy(String key) {
            ConfigException e = configException(() -> fromArgs("--" + key, "AKIAIOSFODNN7EXAMPLE"));

            assertThat(e.key()).contains(key);
            assertThat(e.getMessage())
                    .startsWith("--" + key + ": credentials are never configuration")
                    .contains("default AWS credentials provider chain")
                    .doesNotContain("AKIAIOSFODNN7EXAMPLE")
                    .doesNotContain("unknown key");
        }

        @Test
        void refusesCredentialKeysInPropertyGroups() {
            Map<String, Properties> groups = new LinkedHashMap<>();
            Properties source = new Properties();
            source.setProperty("source.path", "s3a://raw-bucket/raw");
            groups.put("source", source);
            Properties s3 = new Properties();
            s3.setProperty("s3.secret-key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
            groups.put("s3", s3);

            assertThatThrownBy(() -> LakeJobConfig.fromPropertyGroups(groups))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("--s3.secret-key: credentials are never configuration")
                    .hasMessageNotContaining("wJalrXUtnFEMI");
        }

        @Test
        void refusesUserInfoInTheEndpointWithoutEchoingIt() {
            ConfigException parsed =
                    configException(
                            () -> fromArgs("--s3.endpoint", "http://AKIA:s3cr3t@127.0.0.1:9000"));
            ConfigException typed =
                    configException(
                            () ->
                                    withRequired()
                                            .set(
                                                    LakeOptions.S3_ENDPOINT,
                                                    "http://AKIA:s3cr3t@host:1")
                                            .build());

            for (ConfigException e : List.of(parsed, typed)) {
                assertThat(e.getMessage())
                        .startsWith("--s3.endpoint: holds user info; credentials are never")
                        .doesNotContain("s3cr3t");
            }
        }
    }

    @Nested
    class CommandLine {
        @Test
        void unknownKeyIsNamedWithASuggestion() {
            assertThatThrownBy(() -> fromArgs("--sourc.path", "/x"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(
                            "--sourc.path: unknown key; did you mean --source.path?"
                                    + " (--help lists the keys)");
            assertThat(configException(() -> fromArgs("--checkpoint-interval", "1m")))
                    .hasMessageContaining("did you mean --checkpoint.interval?");
        }

        @Test
        void unknownKeyWithoutLookalikeIsNamed() {
            assertThatThrownBy(() -> fromArgs("--colour", "blue"))
                    .hasMessage("--colour: unknown key (--help lists the keys)");
            assertThatThrownBy(() -> withRequired().set("lake.pth", "/x"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("--lake.pth: unknown key");
        }

        @Test
        void rejectsPositionalArguments() {
            assertThatThrownBy(() -> fromArgs("backfill"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("unexpected argument 'backfill'");
            assertThatThrownBy(() -> fromArgs("--"))
                    .hasMessageStartingWith("unexpected argument '--'");
        }

        @Test
        void rejectsAKeyWithoutValue() {
            assertThatThrownBy(() -> fromArgs("--mode")).hasMessage("--mode: has no value");
            assertThatThrownBy(() -> fromArgs("--mode", "--parallelism", "2"))
                    .hasMessage("--mode: has no value");
        }

        @Test
        void rejectsAKeyGivenTwice() {
            assertThatThrownBy(() -> fromArgs("--mode", "stream", "--mode=backfill"))
                    .hasMessage("--mode: is given more than once");
        }

        @Test
        void helpTakesNoValue() {
            assertThatThrownBy(() -> fromArgs("--help=yes")).hasMessage("--help: takes no value");
        }

        @Test
        void helpIsNotASetting() {
            assertThatThrownBy(() -> withRequired().set("help", "true"))
                    .hasMessage("--help: is a command-line option, not a setting");
        }

        @Test
        void detectsHelp() {
            assertThat(LakeJobConfig.isHelpRequested(new String[] {"--help"})).isTrue();
            assertThat(LakeJobConfig.isHelpRequested(new String[] {"-h"})).isTrue();
            assertThat(LakeJobConfig.isHelpRequested(concat(REQUIRED, "--help"))).isTrue();
            assertThat(LakeJobConfig.isHelpRequested(REQUIRED)).isFalse();
            assertThat(LakeJobConfig.isHelpRequested(new String[0])).isFalse();
            assertThat(LakeJobConfig.isHelpRequested(null)).isFalse();
        }
    }

    @Nested
    class PropertyGroups {
        private Map<String, Properties> groups(String... groupKeyValue) {
            Map<String, Properties> groups = new LinkedHashMap<>();
            for (int i = 0; i < groupKeyValue.length; i += 3) {
                groups.computeIfAbsent(groupKeyValue[i], g -> new Properties())
                        .setProperty(groupKeyValue[i + 1], groupKeyValue[i + 2]);
            }
            return groups;
        }

        private Map<String, Properties> requiredGroups(String... more) {
            List<String> all =
                    new ArrayList<>(
                            List.of(
                                    "source",
                                    "source.path",
                                    "s3a://raw-bucket/raw",
                                    "lake",
                                    "lake.path",
                                    "s3a://lake-bucket/lake",
                                    "deadletter",
                                    "deadletter.path",
                                    "s3a://dead-bucket/deadletter"));
            all.addAll(List.of(more));
            return groups(all.toArray(new String[0]));
        }

        @Test
        void groupIsTheFirstDottedSegmentElseJob() {
            assertThat(LakeOptions.group(LakeOptions.SOURCE_PATH)).isEqualTo("source");
            assertThat(LakeOptions.group(LakeOptions.SOURCE_MONITOR_INTERVAL)).isEqualTo("source");
            assertThat(LakeOptions.group(LakeOptions.CHECKPOINT_INTERVAL)).isEqualTo("checkpoint");
            assertThat(LakeOptions.group(LakeOptions.WATERMARK_OUT_OF_ORDERNESS))
                    .isEqualTo("watermark");
            assertThat(LakeOptions.group(LakeOptions.REST_PORT)).isEqualTo("rest");
            assertThat(LakeOptions.group(LakeOptions.MODE)).isEqualTo("job");
            assertThat(LakeOptions.group(LakeOptions.PARALLELISM)).isEqualTo("job");
            assertThat(LakeOptions.group(LakeOptions.RESTORE_FROM)).isEqualTo("job");
        }

        @Test
        void readsEveryKeyFromItsGroup() {
            LakeJobConfig config =
                    LakeJobConfig.fromPropertyGroups(
                            requiredGroups(
                                    "job",
                                    "mode",
                                    "backfill",
                                    "job",
                                    "parallelism",
                                    "3",
                                    "fetch",
                                    "fetch.retries",
                                    "5",
                                    "rest",
                                    "rest.port",
                                    "0",
                                    "watermark",
                                    "watermark.idleness",
                                    "30s"));

            assertThat(config.mode()).isEqualTo(Mode.BACKFILL);
            assertThat(config.getOptional(LakeOptions.PARALLELISM)).contains(3);
            assertThat(config.get(LakeOptions.FETCH_RETRIES)).isEqualTo(5);
            assertThat(config.get(LakeOptions.REST_PORT)).isZero();
            assertThat(config.get(LakeOptions.WATERMARK_IDLENESS))
                    .isEqualTo(Duration.ofSeconds(30));
            assertThat(config.sourcePath()).isEqualTo(URI.create("s3a://raw-bucket/raw"));
        }

        @Test
        void rejectsAKeyInTheWrongGroup() {
            assertThatThrownBy(
                            () ->
                                    LakeJobConfig.fromPropertyGroups(
                                            requiredGroups("job", "checkpoint.interval", "1m")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(
                            "--checkpoint.interval: belongs in property group 'checkpoint', not"
                                    + " 'job'");
        }

        @Test
        void suggestsTheGroupPrefixForAShortKey() {
            assertThatThrownBy(
                            () ->
                                    LakeJobConfig.fromPropertyGroups(
                                            requiredGroups("fetch", "retries", "5")))
                    .hasMessage(
                            "--retries: unknown key in property group 'fetch'; did you mean"
                                    + " --fetch.retries? (--help lists the keys)");
        }

        @Test
        void rejectsUnknownKeysAndGroups() {
            assertThatThrownBy(
                            () ->
                                    LakeJobConfig.fromPropertyGroups(
                                            requiredGroups("sqs", "sqs.queue", "orders")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("--sqs.queue: unknown key in property group 'sqs'");
        }

        @Test
        void rejectsCommandLineOptions() {
            assertThatThrownBy(
                            () ->
                                    LakeJobConfig.fromPropertyGroups(
                                            requiredGroups("job", "help", "true")))
                    .hasMessageStartingWith("--help: is a command-line option, not a property");
        }

        @Test
        void validatesValuesNamingTheKey() {
            assertThatThrownBy(
                            () ->
                                    LakeJobConfig.fromPropertyGroups(
                                            requiredGroups("fetch", "fetch.timeout", "forever")))
                    .hasMessage("--fetch.timeout: 'forever' is not a duration (e.g. 30s, 5m, 1h)");
        }
    }

    @Nested
    class PropertiesFiles {
        private static final String REQUIRED_GROUPS =
                "{\"PropertyGroupId\": \"source\", \"PropertyMap\": {\"source.path\":"
                        + " \"s3a://raw-bucket/raw\"}},{\"PropertyGroupId\": \"lake\", \"PropertyMap\":"
                        + " {\"lake.path\": \"s3a://lake-bucket/lake\"}},{\"PropertyGroupId\":"
                        + " \"deadletter\", \"PropertyMap\": {\"deadletter.path\":"
                        + " \"s3a://dead-bucket/deadletter\"}}";

        private Path json(String name, String content) throws IOException {
            return Files.write(dir.resolve(name), content.getBytes(UTF_8));
        }

        private Path runtimeFile(String moreGroups) throws IOException {
            return json("application_properties.json", "[" + REQUIRED_GROUPS + moreGroups + "]");
        }

        @Test
        void managedFlinkRestoresFromItsSnapshotsNotFromARuntimeProperty() throws IOException {
            Path runtime =
                    runtimeFile(
                            ",{\"PropertyGroupId\": \"job\", \"PropertyMap\": {\"restore-from\":"
                                    + " \"s3a://lake/savepoints/savepoint-1\"}}");

            assertThatThrownBy(
                            () -> LakeJobConfig.fromArgs(new String[0], runtime, Optional::empty))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("--restore-from: is not a runtime property");
        }

        @Test
        void readsTheRuntimePropertiesWhenPresent() throws IOException {
            Path runtime =
                    runtimeFile(
                            ",{\"PropertyGroupId\": \"job\", \"PropertyMap\": {\"mode\":"
                                    + " \"backfill\", \"parallelism\": 6}}");

            LakeJobConfig config = LakeJobConfig.fromArgs(new String[0], runtime, Optional::empty);

            assertThat(config.mode()).isEqualTo(Mode.BACKFILL);
            assertThat(config.getOptional(LakeOptions.PARALLELISM)).contains(6);
            assertThat(config.lakePath()).isEqualTo(URI.create("s3a://lake-bucket/lake"));
        }

        @Test
        void commandLineWinsOverTheRuntimeProperties() throws IOException {
            Path runtime =
                    runtimeFile(
                            ",{\"PropertyGroupId\": \"fetch\", \"PropertyMap\":"
                                    + " {\"fetch.concurrency\": \"8\", \"fetch.retries\": \"7\"}}");

            LakeJobConfig config =
                    LakeJobConfig.fromArgs(
                            new String[] {"--fetch.concurrency", "16"}, runtime, Optional::empty);

            assertThat(config.get(LakeOptions.FETCH_CONCURRENCY)).isEqualTo(16);
            assertThat(config.get(LakeOptions.FETCH_RETRIES)).isEqualTo(7);
        }

        @Test
        void commandLineReplacesABadFileValue() throws IOException {
            Path runtime =
                    runtimeFile(
                            ",{\"PropertyGroupId\": \"checkpoint\", \"PropertyMap\":"
                                    + " {\"checkpoint.interval\": \"30x\"}}");

            assertThat(
                            LakeJobConfig.fromArgs(
                                            new String[] {"--checkpoint.interval", "1m"},
                                            runtime,
                                            Optional::empty)
                                    .get(LakeOptions.CHECKPOINT_INTERVAL))
                    .isEqualTo(Duration.ofMinutes(1));
            assertThatThrownBy(
                            () -> LakeJobConfig.fromArgs(new String[0], runtime, Optional::empty))
                    .hasMessage(
                            "--checkpoint.interval: '30x' is not a duration (e.g. 30s, 5m, 1h)");
        }

        @Test
        void propertiesFileReplacesTheRuntimeProperties() throws IOException {
            // Would fail if read: proves the runtime file is skipped.
            Path runtime =
                    json(
                            "runtime.json",
                            "[{\"PropertyGroupId\": \"job\", \"PropertyMap\": {\"typo\": \"x\"}}]");
            Path dev =
                    json(
                            "dev.json",
                            "["
                                    + REQUIRED_GROUPS
                                    + ",{\"PropertyGroupId\": \"rest\", \"PropertyMap\":"
                                    + " {\"rest.port\": \"7070\"}}"
                                    + ",{\"PropertyGroupId\": \"fetch\", \"PropertyMap\":"
                                    + " {\"fetch.retries\": \"9\"}}]");

            LakeJobConfig config =
                    LakeJobConfig.fromArgs(
                            new String[] {"--properties-file", dev.toString(), "--rest.port=9090"},
                            runtime,
                            Optional::empty);

            assertThat(config.get(LakeOptions.REST_PORT)).isEqualTo(9090);
            assertThat(config.get(LakeOptions.FETCH_RETRIES)).isEqualTo(9);
            assertThat(config.sourcePath()).isEqualTo(URI.create("s3a://raw-bucket/raw"));
        }

        @Test
        void readsTheDevPropertiesFromTheClasspath() {
            LakeJobConfig config =
                    LakeJobConfig.fromArgs(
                            new String[] {
                                "--properties-file=classpath:flink-application-properties-dev.json"
                            },
                            absentRuntimeFile(),
                            Optional::empty);

            assertThat(config.sourcePath()).isEqualTo(URI.create("file:///tmp/checkout-lake/raw"));
            assertThat(config.lakePath()).isEqualTo(URI.create("file:///tmp/checkout-lake/lake"));
            assertThat(config.deadletterPath())
                    .isEqualTo(URI.create("file:///tmp/checkout-lake/deadletter"));
            assertThat(config.checkpointDir())
                    .isEqualTo(URI.create("file:///tmp/checkout-lake/checkpoints"));
            assertThat(config.mode()).isEqualTo(Mode.STREAM);
        }

        @Test
        void namesAMissingPropertiesFile() {
            Path missing = dir.resolve("missing.json");
            assertThatThrownBy(
                            () ->
                                    LakeJobConfig.fromArgs(
                                            new String[] {"--properties-file", missing.toString()},
                                            absentRuntimeFile(),
                                            Optional::empty))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("--properties-file: '" + missing + "' does not exist");
            assertThatThrownBy(
                            () ->
                                    LakeJobConfig.fromArgs(
                                            new String[] {
                                                "--properties-file", "classpath:nope.json"
                                            },
                                            absentRuntimeFile(),
                                            Optional::empty))
                    .hasMessage("--properties-file: 'classpath:nope.json' is not on the classpath");
        }

        @Test
        void rejectsMalformedRuntimeProperties() throws IOException {
            assertThat(runtimeError("{"))
                    .hasMessageStartingWith(
                            "cannot read runtime properties " + dir.resolve("rt.json"));
            assertThat(runtimeError("{\"PropertyGroupId\": \"job\"}"))
                    .hasMessageContaining("expected a JSON array");
            assertThat(runtimeError("[{\"PropertyMap\": {}}]"))
                    .hasMessageContaining("every entry needs a PropertyGroupId string");
            assertThat(runtimeError("[{\"PropertyGroupId\": \"job\"}]"))
                    .hasMessageContaining("property group 'job' needs a PropertyMap object");
            assertThat(
                            runtimeError(
                                    "[{\"PropertyGroupId\": \"job\", \"PropertyMap\": {\"mode\":"
                                            + " [\"stream\"]}}]"))
                    .hasMessageContaining("'mode' in property group 'job' is not a string");
            assertThat(
                            runtimeError(
                                    "[{\"PropertyGroupId\": \"job\", \"PropertyMap\": {}},"
                                            + " {\"PropertyGroupId\": \"job\", \"PropertyMap\": {}}]"))
                    .hasMessageContaining("property group 'job' appears twice");
            assertThat(
                            runtimeError(
                                    "[{\"PropertyGroupId\": \"job\", \"PropertyMap\": {\"mode\":"
                                            + " \"stream\", \"mode\": \"backfill\"}}]"))
                    .hasMessageContaining("mode");
        }

        private ConfigException runtimeError(String content) throws IOException {
            Path runtime = json("rt.json", content);
            return configException(
                    () -> LakeJobConfig.fromArgs(REQUIRED, runtime, Optional::empty));
        }
    }

    @Nested
    class AsText {
        private LakeJobConfig customized() {
            return withRequired()
                    .set(LakeOptions.MODE, "stream")
                    .set(LakeOptions.SOURCE_MONITOR_INTERVAL, Duration.ofMillis(1500))
                    .set(LakeOptions.LAKE_COMPRESSION, "snappy")
                    .set(LakeOptions.LAKE_MAX_PART_SIZE, MemorySize.ofMebiBytes(64))
                    .set(LakeOptions.PARALLELISM, 5)
                    .set(LakeOptions.RESTORE_FROM, "latest")
                    .set(LakeOptions.REST_PORT, 0)
                    .set(LakeOptions.S3_ENDPOINT, "http://127.0.0.1:9000")
                    .set(LakeOptions.S3_PATH_STYLE_ACCESS, true)
                    .build();
        }

        @Test
        void toStringListsEveryKeyAndValue() {
            String text = withRequired().build().toString();

            for (ConfigOption<?> key : LakeOptions.all()) {
                if (!LakeOptions.isCommandLineOnly(key)) {
                    assertThat(text).contains(key.key() + "=");
                }
            }
            assertThat(text)
                    .contains("source.path=s3a://raw-bucket/raw")
                    .contains("checkpoint.interval=30s")
                    .contains("parallelism=(unset)");
        }

        @Test
        void keyValuesReadBackToAnEqualConfig() {
            LakeJobConfig config = customized();
            LakeJobConfigBuilder builder = LakeJobConfig.builder();
            config.toKeyValues().forEach(builder::set);

            assertThat(builder.build()).isEqualTo(config).hasSameHashCodeAs(config);
            assertThat(config.toKeyValues())
                    .containsEntry("source.monitor-interval", "1500ms")
                    .containsEntry("lake.max-part-size", "64mb")
                    .containsEntry("restore-from", "latest");
        }

        @Test
        void toBuilderCopies() {
            LakeJobConfig config = customized();

            assertThat(config.toBuilder().build()).isEqualTo(config);
            LakeJobConfig changed =
                    config.toBuilder()
                            .set(LakeOptions.PARALLELISM, null)
                            .set(LakeOptions.RESTORE_FROM, null)
                            .build();
            assertThat(changed).isNotEqualTo(config);
            assertThat(changed.getOptional(LakeOptions.PARALLELISM)).isEmpty();
            assertThat(changed.getOptional(LakeOptions.RESTORE_FROM)).isEmpty();
        }

        @Test
        void survivesJavaSerialization() throws Exception {
            LakeJobConfig config = customized();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(config);
            }
            try (ObjectInputStream in =
                    new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                assertThat(in.readObject()).isEqualTo(config);
            }
        }
    }

    @Nested
    class Documentation {
        @Test
        void usageListsEveryKeyWithGroupDefaultAndMeaning() {
            String usage = LakeOptions.usage();

            for (ConfigOption<?> key : LakeOptions.all()) {
                assertThat(usage).contains("--" + key.key());
                assertThat(usage).contains(LakeOptions.defaultText(key));
                assertThat(usage).contains(LakeOptions.meaning(key).split(" ")[0]);
                if (!LakeOptions.isCommandLineOnly(key)) {
                    assertThat(usage)
                            .containsPattern(
                                    "--" + key.key() + " .*group " + LakeOptions.group(key));
                }
            }
        }

        @Test
        void markdownTableHasARowPerKey() {
            List<String> rows = List.of(LakeOptions.markdownTable().split("\n"));

            assertThat(rows.get(0)).isEqualTo("| group | key | default | meaning |");
            assertThat(rows.get(1)).isEqualTo("|---|---|---|---|");
            assertThat(rows).hasSize(2 + LakeOptions.all().size());
            assertThat(rows)
                    .contains(
                            "| job | `mode` | `stream` | "
                                    + LakeOptions.meaning(LakeOptions.MODE)
                                    + " |",
                            "| source | `source.path` | (required) | "
                                    + LakeOptions.meaning(LakeOptions.SOURCE_PATH)
                                    + " |");
            Set<ConfigOption<?>> inTable = new HashSet<>();
            for (ConfigOption<?> key : LakeOptions.all()) {
                if (rows.stream().anyMatch(r -> r.contains("| `" + key.key() + "` |"))) {
                    inTable.add(key);
                }
            }
            assertThat(inTable).containsExactlyInAnyOrderElementsOf(LakeOptions.all());
        }

        @Test
        void readmeHoldsTheCurrentTable() throws IOException {
            Optional<Path> readme = findReadme();
            Assumptions.assumeTrue(readme.isPresent(), "no README.md yet");

            assertThat(new String(Files.readAllBytes(readme.get()), UTF_8))
                    .as("README.md must contain LakeOptions.markdownTable(); paste it from here")
                    .contains(LakeOptions.markdownTable());
        }

        // The project root is the first directory upwards whose pom lists the modules.
        private Optional<Path> findReadme() throws IOException {
            Path start = Paths.get(System.getProperty("basedir", "")).toAbsolutePath();
            for (Path d = start; d != null; d = d.getParent()) {
                Path pom = d.resolve("pom.xml");
                if (Files.exists(pom)
                        && new String(Files.readAllBytes(pom), UTF_8)
                                .contains("<module>job</module>")) {
                    Path readme = d.resolve("README.md");
                    return Files.exists(readme) ? Optional.of(readme) : Optional.empty();
                }
            }
            return Optional.empty();
        }
    }
}
