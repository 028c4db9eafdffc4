package io.checkoutlake.job;

import io.checkoutlake.functions.model.DeadLetter;
import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.model.RawObject;
import io.checkoutlake.functions.model.RawObjectRef;
import io.checkoutlake.functions.path.RawObjectUris;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.functions.watermark.FutureAllowance;
import io.checkoutlake.functions.watermark.LakeWatermarks;
import io.checkoutlake.job.backfill.BackfillProgressCounter;
import io.checkoutlake.job.commit.PartitionCommitSettings;
import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.LakeOptions;
import io.checkoutlake.job.config.Mode;
import io.checkoutlake.job.config.SourceKind;
import io.checkoutlake.job.decode.DecodeDocuments;
import io.checkoutlake.job.decode.DedupByContent;
import io.checkoutlake.job.fetch.FetchRawObjects;
import io.checkoutlake.job.fetch.FlinkFileSystemFetcher;
import io.checkoutlake.job.fetch.ObjectFetcher;
import io.checkoutlake.job.sink.LakeCompaction;
import io.checkoutlake.job.sink.LakeSinks;
import io.checkoutlake.job.sink.ParquetSettings;
import io.checkoutlake.job.sink.RowMetrics;
import io.checkoutlake.job.sink.SortedFileOutputs;
import io.checkoutlake.job.source.FileDiscovery;
import io.checkoutlake.job.source.FolderListingSource;
import io.checkoutlake.job.source.KinesisSources;
import io.checkoutlake.job.source.S3EventRefs;
import io.checkoutlake.job.topology.Uids;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.source.SourceFunction;

/**
 * The one job: discovery → fetch → decode → event-time-partitioned Parquet, with dead letters.
 * Sources and sinks are constructor arguments, so tests run this same wiring over their own.
 */
public final class CheckoutLakeJob {
    public static final String JOB_NAME = "checkout-lake";

    private final LakeJobConfig config;

    /** source.kind=files; null for the Kinesis kinds. */
    private final Source<RawObjectRef, ?, ?> discovery;

    /** source.kind=kinesis (documents) and s3-events (notifications); null for files. */
    private final SourceFunction<RawObject> records;

    private final ObjectFetcher fetcher;
    private final LakeSinks sinks;

    /** A job started without a backfill's listing reports -1 as its totals. */
    private long backfillFiles = -1;

    private long backfillBytes = -1;

    public CheckoutLakeJob(
            LakeJobConfig config,
            Source<RawObjectRef, ?, ?> discovery,
            ObjectFetcher fetcher,
            LakeSinks sinks) {
        this.config = config;
        this.discovery = discovery;
        this.records = null;
        this.fetcher = fetcher;
        this.sinks = sinks;
    }

    /**
     * The wiring over Kinesis records: for {@code source.kind=kinesis} each record is a document
     * (fetch is skipped: it carries its bytes); for {@code s3-events} each is a notification whose
     * objects are fetched with {@code fetcher}.
     */
    public CheckoutLakeJob(
            LakeJobConfig config,
            SourceFunction<RawObject> records,
            ObjectFetcher fetcher,
            LakeSinks sinks) {
        if (!config.sourceKind().readsKinesis()) {
            throw new IllegalArgumentException(
                    "source.kind "
                            + config.sourceKind().configValue()
                            + " reads no Kinesis records");
        }
        this.config = config;
        this.discovery = null;
        this.records = records;
        this.fetcher = fetcher;
        this.sinks = sinks;
    }

    /** The production wiring of {@code config}: its source kind, Flink file systems, FileSinks. */
    public static CheckoutLakeJob fromConfig(LakeJobConfig config) {
        if (config.sourceKind().readsKinesis()) {
            return new CheckoutLakeJob(
                    config,
                    KinesisSources.records(config),
                    new FlinkFileSystemFetcher(),
                    sinksOf(config));
        }
        return new CheckoutLakeJob(
                config, discoveryOf(config), new FlinkFileSystemFetcher(), sinksOf(config));
    }

    public static Source<RawObjectRef, ?, ?> discoveryOf(LakeJobConfig config) {
        switch (config.sourceKind()) {
            case FILES:
                return config.mode() == Mode.BACKFILL
                        ? FolderListingSource.ofChildren(config.sourcePath())
                        : FileDiscovery.monitoring(
                                config.sourcePath(),
                                config.get(LakeOptions.SOURCE_MONITOR_INTERVAL),
                                config.get(LakeOptions.SOURCE_FILES_HORIZON),
                                config.lakePath());
            default:
                throw new IllegalArgumentException(
                        "source.kind: '" + config.sourceKind() + "' has no discovery yet");
        }
    }

    /**
     * The job's outputs for {@code config}. In stream mode, FileSinks, each table's carrying the
     * watermark-driven partition commit and, with lake.compaction.enabled, compaction. In backfill,
     * the sorted, deterministic files of {@link SortedFileOutputs}; the backfill's runner commits
     * their partitions when a job has written them.
     */
    public static LakeSinks sinksOf(LakeJobConfig config) {
        if (config.mode() == Mode.BACKFILL) {
            return LakeSinks.sorted(
                    new SortedFileOutputs(
                            RawObjectUris.of(new Path(config.sourcePath())),
                            config.lakePath(),
                            config.deadletterPath(),
                            config.get(LakeOptions.LAKE_PARTITION_PATTERN),
                            ParquetSettings.of(config)));
        }
        Map<Entity, PartitionCommitSettings> commits = new EnumMap<>(Entity.class);
        for (Entity entity : Entity.values()) {
            commits.put(entity, PartitionCommitSettings.of(config, entity.table()));
        }
        LakeCompaction compaction =
                config.get(LakeOptions.LAKE_COMPACTION_ENABLED)
                        ? new LakeCompaction(
                                config.get(LakeOptions.LAKE_COMPACTION_TARGET_SIZE).getBytes(),
                                config.get(LakeOptions.LAKE_COMPACTION_MAX_CHECKPOINTS))
                        : null;
        return LakeSinks.files(
                config.lakePath(),
                config.deadletterPath(),
                config.get(LakeOptions.LAKE_PARTITION_PATTERN),
                ParquetSettings.of(config),
                config.get(LakeOptions.LAKE_MAX_PART_SIZE).getBytes(),
                commits,
                compaction);
    }

    /** Adds the job's operators to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        env.setRuntimeMode(
                config.mode() == Mode.BACKFILL
                        ? RuntimeExecutionMode.BATCH
                        : RuntimeExecutionMode.STREAMING);
        // Operators are chained and keep no references to records they emitted.
        env.getConfig().enableObjectReuse();
        env.getConfig().disableGenericTypes();

        DataStream<RawObject> objects;
        if (records == null) {
            objects =
                    fetch(
                            env.fromSource(
                                            discovery,
                                            WatermarkStrategy.noWatermarks(),
                                            "raw-object-discovery",
                                            TypeInformation.of(RawObjectRef.class))
                                    .uid(Uids.DISCOVERY)
                                    .name("raw-object-discovery"));
        } else if (config.sourceKind() == SourceKind.KINESIS) {
            // Records carry their documents: they join at dedup/decode, routed by partition key.
            objects =
                    env.addSource(records, "kinesis-records", TypeInformation.of(RawObject.class))
                            .uid(Uids.KINESIS_RECORDS)
                            .name("kinesis-records");
        } else {
            objects =
                    fetch(
                            env.addSource(
                                            records,
                                            "s3-event-notifications",
                                            TypeInformation.of(RawObject.class))
                                    .uid(Uids.S3_EVENT_NOTIFICATIONS)
                                    .name("s3-event-notifications")
                                    .flatMap(
                                            new S3EventRefs(config.sourcePath(), config.lakePath()))
                                    .returns(TypeInformation.of(RawObjectRef.class))
                                    .uid(Uids.S3_EVENT_REFS)
                                    .name("s3-event-refs"));
        }

        if (config.mode() == Mode.BACKFILL) {
            objects =
                    objects.map(new BackfillProgressCounter(backfillFiles, backfillBytes))
                            .returns(TypeInformation.of(RawObject.class))
                            .uid(Uids.BACKFILL_PROGRESS)
                            .name("backfill-progress");
        }

        if (config.mode() == Mode.STREAM) {
            // A listing never yields a key twice in one backfill; a stream can (re-uploads,
            // replayed notifications, producer retries), so stream mode remembers what each key
            // delivered.
            objects =
                    objects.keyBy(RawObject::key, Types.STRING)
                            .process(new DedupByContent(config.get(LakeOptions.DEDUP_RETENTION)))
                            .uid(Uids.DEDUP)
                            .name("raw-object-dedup");
        }

        SingleOutputStreamOperator<DeadLetter> decoded =
                objects.process(
                                new DecodeDocuments(
                                        config.get(LakeOptions.DOCUMENT_MAX_BYTES).getBytes()))
                        .uid(Uids.DECODE)
                        .name("document-decode");

        SortedFileOutputs sorted = sinks.sortedOutputs().orElse(null);
        if (sorted != null) {
            sorted.writeDeadLetters(decoded);
        } else {
            decoded.sinkTo(sinks.deadLetters()).uid(Uids.DEADLETTER_SINK).name("deadletter-sink");
        }

        FutureAllowance future = FutureAllowance.of(config.get(LakeOptions.WATERMARK_MAX_FUTURE));
        for (Entity entity : Entity.values()) {
            DataStream<GenericRecord> rows =
                    decoded.getSideOutput(DecodeDocuments.rowsOf(entity))
                            .assignTimestampsAndWatermarks(
                                    LakeWatermarks.forRows(
                                            config.get(LakeOptions.WATERMARK_OUT_OF_ORDERNESS),
                                            config.get(LakeOptions.WATERMARK_IDLENESS),
                                            future,
                                            Clock.systemUTC()))
                            .uid(Uids.watermarks(entity))
                            .name(entity.table() + "-watermarks")
                            .process(
                                    new RowMetrics(
                                            entity.table(),
                                            config.mode() == Mode.STREAM
                                                    ? PartitionCommitSettings.of(
                                                            config, entity.table())
                                                    : null,
                                            future))
                            .returns(new GenericRecordAvroTypeInfo(LakeSchemas.of(entity)))
                            .uid(Uids.rowMetrics(entity))
                            .name(entity.table() + "-row-metrics");
            if (sorted != null) {
                sorted.writeTable(rows, entity);
            } else {
                rows.sinkTo(sinks.table(entity))
                        .uid(Uids.lakeSink(entity))
                        .name(entity.table() + "-lake-sink");
            }
        }
    }

    /** The async fetch stage: many objects in flight, in-flight references checkpointed. */
    private DataStream<RawObject> fetch(DataStream<RawObjectRef> refs) {
        return AsyncDataStream.unorderedWait(
                        refs,
                        new FetchRawObjects(
                                fetcher,
                                config.get(LakeOptions.FETCH_CONCURRENCY),
                                config.get(LakeOptions.FETCH_RETRIES),
                                config.get(LakeOptions.DOCUMENT_MAX_BYTES).getBytes()),
                        config.get(LakeOptions.FETCH_TIMEOUT).toMillis(),
                        TimeUnit.MILLISECONDS,
                        config.get(LakeOptions.FETCH_CONCURRENCY))
                .uid(Uids.FETCH)
                .name("raw-object-fetch");
    }

    /** What a backfill's listing found, for its progress metrics. */
    public CheckoutLakeJob withBackfillTotals(long files, long bytes) {
        this.backfillFiles = files;
        this.backfillBytes = bytes;
        return this;
    }

    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute(JOB_NAME);
    }
}
