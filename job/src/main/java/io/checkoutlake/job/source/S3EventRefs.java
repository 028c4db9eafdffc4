package io.checkoutlake.job.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkoutlake.functions.model.RawObject;
import io.checkoutlake.functions.model.RawObjectRef;
import io.checkoutlake.functions.path.ObjectKeys;
import io.checkoutlake.job.coverage.BackfillCoverage;
import io.checkoutlake.job.metrics.LakeMetrics;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.annotation.Nullable;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code source.kind=s3-events}: turns S3 object-created notifications (Kinesis records) into
 * references for the fetch stage. Two shapes are read:
 *
 * <ul>
 *   <li>EventBridge events: {@code "source": "aws.s3"}, {@code "detail-type": "Object Created"},
 *       {@code detail.bucket.name}, {@code detail.object.key}, {@code detail.object.size};
 *   <li>S3 event notifications: {@code Records[]} with {@code eventName} {@code ObjectCreated:*},
 *       {@code s3.bucket.name}, {@code s3.object.key}, {@code s3.object.size}.
 * </ul>
 *
 * Keys arrive URL-encoded and are decoded ({@link ObjectKeys#decodeEventKey}). An object becomes
 * {@code <scheme of source.path>://<bucket>/<key>}. The rule for everything else: a notification
 * that is not JSON, not an object-created event (deletes, {@code s3:TestEvent}, other sources), or
 * names an object outside {@code source.path} (another bucket or prefix) is skipped, not
 * dead-lettered: it holds no document. Skips are counted in {@code notificationsSkipped} per {@code
 * reason} ({@code not_json}, {@code not_object_created}, {@code outside_source_path}, {@code
 * backfilled}: an object a backfill read, see {@link BackfillCoverage#coversEvent}) and logged at
 * DEBUG with the record's provenance, never its content.
 */
public final class S3EventRefs extends RichFlatMapFunction<RawObject, RawObjectRef> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(S3EventRefs.class);

    static final String SKIPPED = "notificationsSkipped";
    static final String NOT_JSON = "not_json";
    static final String NOT_OBJECT_CREATED = "not_object_created";
    static final String OUTSIDE_SOURCE_PATH = "outside_source_path";
    static final String BACKFILLED = "backfilled";

    private final String scheme;
    private final String bucket;

    /** The key prefix, empty or ending in {@code /}. */
    private final String keyPrefix;

    private final URI sourcePath;

    /** Where the backfills of source.path keep their markers; null: none. */
    @Nullable private final URI lakePath;

    private transient ObjectMapper json;
    private transient Map<String, Counter> skipped;
    private transient BackfillCoverage backfills = BackfillCoverage.NONE;

    /**
     * Skips, as {@code backfilled}, the events of objects that a backfill recorded in {@code
     * lakePath}'s markers read (null: none): those complete before their folder's listing started
     * ({@link BackfillCoverage#coversEvent}).
     */
    public S3EventRefs(URI sourcePath, @Nullable URI lakePath) {
        this.lakePath = lakePath;
        this.sourcePath = sourcePath;
        this.scheme = sourcePath.getScheme().toLowerCase(Locale.ROOT);
        this.bucket = sourcePath.getAuthority() == null ? "" : sourcePath.getAuthority();
        String path = sourcePath.getPath() == null ? "" : sourcePath.getPath();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        this.keyPrefix = path.isEmpty() || path.endsWith("/") ? path : path + "/";
    }

    @Override
    public void open(Configuration parameters) throws IOException {
        skipped = new HashMap<>();
        MetricGroup metrics = LakeMetrics.group(getRuntimeContext().getMetricGroup());
        for (String reason :
                List.of(NOT_JSON, NOT_OBJECT_CREATED, OUTSIDE_SOURCE_PATH, BACKFILLED)) {
            skipped.put(reason, metrics.addGroup("reason", reason).counter(SKIPPED));
        }
        if (lakePath != null) {
            backfills = BackfillCoverage.load(lakePath, sourcePath);
        }
    }

    /** What the backfills read, for tests. */
    void backfills(BackfillCoverage coverage) {
        this.backfills = coverage;
    }

    @Override
    public void flatMap(RawObject notification, Collector<RawObjectRef> out) {
        refsOf(notification).forEach(out::collect);
    }

    /** The objects a notification names (none when it is skipped). */
    List<RawObjectRef> refsOf(RawObject notification) {
        if (json == null) {
            json = new ObjectMapper();
        }
        JsonNode root;
        try {
            root = notification.bytes == null ? null : json.readTree(notification.bytes);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            skip(NOT_JSON, notification);
            return List.of();
        }
        List<RawObjectRef> refs = new ArrayList<>(1);
        if (root.has("Records")) {
            for (JsonNode record : root.path("Records")) {
                String event = record.path("eventName").asText("");
                if (!record.path("eventSource").asText("").equals("aws:s3")
                        || !event.startsWith("ObjectCreated:")) {
                    skip(NOT_OBJECT_CREATED, notification);
                    continue;
                }
                add(record.path("s3"), eventTime(record.path("eventTime")), notification, refs);
            }
        } else if (root.path("source").asText("").equals("aws.s3")
                && root.path("detail-type").asText("").equals("Object Created")) {
            add(root.path("detail"), eventTime(root.path("time")), notification, refs);
        } else {
            skip(NOT_OBJECT_CREATED, notification);
        }
        return refs;
    }

    /** Epoch millis of an event's ISO-8601 time; {@link Long#MAX_VALUE} when absent or invalid. */
    private static long eventTime(JsonNode time) {
        try {
            return time.isTextual() ? Instant.parse(time.asText()).toEpochMilli() : Long.MAX_VALUE;
        } catch (DateTimeParseException e) {
            return Long.MAX_VALUE;
        }
    }

    private void add(JsonNode s3, long eventTime, RawObject notification, List<RawObjectRef> refs) {
        String eventBucket = s3.path("bucket").path("name").asText("");
        String encodedKey = s3.path("object").path("key").asText("");
        if (encodedKey.isEmpty()) {
            skip(NOT_OBJECT_CREATED, notification);
            return;
        }
        String key = ObjectKeys.decodeEventKey(encodedKey);
        if (!eventBucket.equals(bucket) || !key.startsWith(keyPrefix) || key.endsWith("/")) {
            skip(OUTSIDE_SOURCE_PATH, notification);
            return;
        }
        String uri = scheme + "://" + bucket + "/" + key;
        if (backfills != null && backfills.coversEvent(uri, eventTime)) {
            skip(BACKFILLED, notification);
            return;
        }
        JsonNode size = s3.path("object").path("size");
        refs.add(new RawObjectRef(uri, size.canConvertToLong() ? size.asLong() : -1));
    }

    private void skip(String reason, RawObject notification) {
        Counter counter = skipped == null ? null : skipped.get(reason);
        if (counter != null) {
            counter.inc();
        }
        LOG.debug("notification {} skipped: {}", notification.uri, reason);
    }
}
