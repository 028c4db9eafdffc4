package io.checkoutlake.job.decode;

import io.checkoutlake.functions.decode.DecodeOutcome;
import io.checkoutlake.functions.decode.DocumentDecoder;
import io.checkoutlake.functions.model.DeadLetter;
import io.checkoutlake.functions.model.DeadLetterReason;
import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.model.RawObject;
import io.checkoutlake.functions.path.RawObjectPath;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.job.metrics.LakeMetrics;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decode stage: every fetched object ends as exactly one row (on its table's side output) or
 * exactly one dead letter (the main output).
 */
public final class DecodeDocuments extends ProcessFunction<RawObject, DeadLetter> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodeDocuments.class);

    private final long maxDocumentBytes;

    private transient DocumentDecoder decoder;
    private transient Counter documentsRead;
    private transient Counter withUnknownFields;
    private transient Map<Entity, Counter> rowsDecoded;
    private transient Map<DeadLetterReason, Counter> deadLetters;

    public DecodeDocuments(long maxDocumentBytes) {
        this.maxDocumentBytes = maxDocumentBytes;
    }

    /** The side output carrying one table's rows. */
    public static OutputTag<GenericRecord> rowsOf(Entity entity) {
        return new OutputTag<>(
                "rows-" + entity.table(), new GenericRecordAvroTypeInfo(LakeSchemas.of(entity)));
    }

    @Override
    public void open(Configuration parameters) {
        decoder = DocumentDecoder.withLegacyRules(maxDocumentBytes);
        MetricGroup metrics = LakeMetrics.group(getRuntimeContext().getMetricGroup());
        documentsRead = metrics.counter(LakeMetrics.DOCUMENTS_READ);
        withUnknownFields = metrics.counter(LakeMetrics.DOCUMENTS_WITH_UNKNOWN_FIELDS);
        rowsDecoded = new EnumMap<>(Entity.class);
        for (Entity e : Entity.values()) {
            rowsDecoded.put(
                    e, metrics.addGroup("table", e.table()).counter(LakeMetrics.ROWS_DECODED));
        }
        deadLetters = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason r : DeadLetterReason.values()) {
            deadLetters.put(
                    r, metrics.addGroup("reason", r.code()).counter(LakeMetrics.DEAD_LETTERS));
        }
    }

    @Override
    public void processElement(RawObject raw, Context ctx, Collector<DeadLetter> out) {
        documentsRead.inc();
        long now = System.currentTimeMillis();
        if (raw.failure != null) {
            DeadLetter d = DocumentDecoder.unfetched(raw.uri, raw.failure, raw.failureDetail, now);
            if (raw.routingKey != null) {
                d.table = RawObjectPath.entityOf(raw.routingKey).map(Entity::table).orElse(null);
            }
            emit(d, out);
            return;
        }
        // Records (Kinesis) carry their key apart from their provenance URI; objects are their URI.
        DecodeOutcome outcome =
                raw.routingKey != null
                        ? decoder.decodeRecord(raw.uri, raw.routingKey, raw.bytes, now)
                        : decoder.decode(raw.uri, raw.bytes, now);
        if (outcome.isRow()) {
            rowsDecoded.get(outcome.entity()).inc();
            if (outcome.hasUnknownFields()) {
                withUnknownFields.inc();
            }
            ctx.output(rowsOf(outcome.entity()), outcome.row());
        } else {
            emit(outcome.deadLetter(), out);
        }
    }

    private void emit(DeadLetter deadLetter, Collector<DeadLetter> out) {
        deadLetters.get(DeadLetterReason.fromCode(deadLetter.reason)).inc();
        // The detail never quotes the document, so it is safe to log.
        LOG.debug(
                "dead letter {} {}: {}",
                deadLetter.sourceFile,
                deadLetter.reason,
                deadLetter.detail);
        out.collect(deadLetter);
    }
}
