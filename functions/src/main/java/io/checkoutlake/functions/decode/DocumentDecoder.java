package io.checkoutlake.functions.decode;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkoutlake.functions.model.DeadLetter;
import io.checkoutlake.functions.model.DeadLetterReason;
import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.path.RawObjectPath;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.functions.time.EventTimes;
import io.checkoutlake.functions.time.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * One raw object to one typed row, or to one dead letter with a precise reason: raw bytes →
 * document (gunzip, byte-order mark, UTF-8) → top-level strings decoded where the schema expects
 * JSON → restructured → typed by the entity's schema, with provenance columns.
 *
 * <p>Not thread-safe: one instance per operator subtask.
 */
public final class DocumentDecoder {
    /** Raw text kept in a dead letter for documents too large to decode. */
    static final int TOO_LARGE_PREFIX_BYTES = 64 * 1024;

    private static final String LAST_CHANGE = "LastChange";
    private static final String CREATION_DATE = "CreationDate";

    private final ObjectMapper mapper;
    private final Map<Entity, Restructurer> restructurers = new EnumMap<>(Entity.class);
    private final long maxDocumentBytes;
    private final SchemaTyper typer = new SchemaTyper();

    public DocumentDecoder(Map<Entity, RestructureRules> rules, long maxDocumentBytes) {
        for (Entity e : Entity.values()) {
            restructurers.put(
                    e, new Restructurer(rules.getOrDefault(e, RestructureRules.legacyDefaults())));
        }
        this.maxDocumentBytes = maxDocumentBytes;
        this.mapper = new ObjectMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder()
                                .maxNestingDepth(1000)
                                .maxStringLength(
                                        (int) Math.min(Integer.MAX_VALUE, maxDocumentBytes))
                                .build());
    }

    /** Today's rules for both entities. */
    public static DocumentDecoder withLegacyRules(long maxDocumentBytes) {
        return new DocumentDecoder(new EnumMap<>(Entity.class), maxDocumentBytes);
    }

    /**
     * Decodes the object at {@code sourceUri}. Routing by the key's layout happens here too, so
     * that every source shares it; an object outside the layout becomes a {@code not_an_order} dead
     * letter without its content.
     */
    public DecodeOutcome decode(String sourceUri, byte[] stored, long processedAtMillis) {
        return route(sourceUri, sourceUri, "the key", stored, processedAtMillis);
    }

    /**
     * Decodes a record that carries its document but no object key of its own (a Kinesis record):
     * {@code routingKey}, the raw object key the producer set as partition key, routes it; {@code
     * sourceUri} is its provenance. A routing key outside the layout is {@code not_an_order}.
     */
    public DecodeOutcome decodeRecord(
            String sourceUri, String routingKey, byte[] stored, long processedAtMillis) {
        return route(sourceUri, routingKey, "the partition key", stored, processedAtMillis);
    }

    private DecodeOutcome route(
            String sourceUri, String key, String keyName, byte[] stored, long processedAtMillis) {
        Entity entity = RawObjectPath.entityOf(key).orElse(null);
        if (entity != null) {
            return decode(entity, sourceUri, stored, processedAtMillis);
        }
        DeadLetter d = new DeadLetter();
        d.sourceFile = sourceUri;
        d.reason = DeadLetterReason.NOT_AN_ORDER.code();
        d.detail = keyName + " is outside <HH>_CheckoutOrder|_FulfillmentOrder/<id>/id/<object>";
        d.rawBytes = stored == null ? -1 : stored.length;
        d.processedAt = processedAtMillis;
        return DecodeOutcome.deadLetter(d);
    }

    public DecodeOutcome decode(
            Entity entity, String sourceUri, byte[] stored, long processedAtMillis) {
        byte[] document = null;
        try {
            document =
                    RawText.documentBytes(
                            stored, RawObjectPath.isGzipName(sourceUri), maxDocumentBytes);
            ObjectNode root = parseRoot(document);
            Instant eventTime = eventTime(root);
            GenericData.Record row = type(entity, root, sourceUri, eventTime, processedAtMillis);
            boolean unknown = row.get(LakeSchemas.EXTRA) != null;
            return DecodeOutcome.row(entity, row, eventTime.toEpochMilli(), unknown);
        } catch (DecodeException e) {
            return DecodeOutcome.deadLetter(
                    deadLetter(entity, sourceUri, stored, document, e, processedAtMillis));
        }
    }

    private ObjectNode parseRoot(byte[] document) throws DecodeException {
        JsonNode root;
        try {
            root = mapper.readTree(document);
        } catch (StreamConstraintsException e) {
            throw new DecodeException(
                    DeadLetterReason.MALFORMED_JSON, "the document exceeds the parser's limits");
        } catch (JsonParseException e) {
            throw new DecodeException(DeadLetterReason.MALFORMED_JSON, where(e));
        } catch (IOException e) {
            throw new DecodeException(
                    DeadLetterReason.MALFORMED_JSON,
                    "JSON parse error (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null || root.isMissingNode()) {
            throw new DecodeException(
                    DeadLetterReason.EMPTY_DOCUMENT, "the object holds no document");
        }
        if (!root.isObject()) {
            throw new DecodeException(
                    DeadLetterReason.NOT_A_JSON_OBJECT,
                    "the document is a JSON "
                            + root.getNodeType().name().toLowerCase()
                            + ", not an object");
        }
        return (ObjectNode) root;
    }

    /** LastChange, falling back to CreationDate; must parse and lie within {@link EventTimes}. */
    private static Instant eventTime(ObjectNode root) throws DecodeException {
        String key = LAST_CHANGE;
        JsonNode value = root.get(LAST_CHANGE);
        if (isAbsent(value)) {
            key = CREATION_DATE;
            value = root.get(CREATION_DATE);
        }
        if (isAbsent(value)) {
            throw new DecodeException(
                    DeadLetterReason.MISSING_EVENT_TIME,
                    "neither LastChange nor CreationDate is set");
        }
        Instant instant;
        try {
            instant = Timestamps.parseInstant(value.asText());
        } catch (DateTimeException e) {
            throw new DecodeException(
                    DeadLetterReason.INVALID_TIMESTAMP,
                    key + ": not a timestamp in an accepted form");
        }
        if (!EventTimes.inRange(instant)) {
            throw new DecodeException(
                    DeadLetterReason.EVENT_TIME_OUT_OF_RANGE,
                    key
                            + ": outside ["
                            + EventTimes.EARLIEST
                            + ", "
                            + EventTimes.LATEST_EXCLUSIVE
                            + ")");
        }
        return instant;
    }

    private static boolean isAbsent(JsonNode value) {
        return value == null
                || value.isNull()
                || (value.isTextual()
                        && (value.textValue().isEmpty() || value.textValue().equals("null")));
    }

    private GenericData.Record type(
            Entity entity,
            ObjectNode root,
            String sourceUri,
            Instant eventTime,
            long processedAtMillis)
            throws DecodeException {
        Schema schema = LakeSchemas.of(entity);
        Restructurer restructurer = restructurers.get(entity);
        SchemaTyper.Unknowns unknowns =
                new SchemaTyper.Unknowns(JsonNodeFactory.instance.objectNode());
        GenericData.Record row = new GenericData.Record(schema);
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String key = e.getKey();
            if (restructurer.dropsTopLevel(key)) {
                continue;
            }
            Schema.Field field = typer.fieldFor(schema, key);
            // Provenance columns are ours: a source key of that name is just an unknown field.
            boolean known =
                    field != null && !field.name().startsWith("_") && row.get(field.pos()) == null;
            JsonNode value = decodeTopLevel(key, e.getValue(), known ? field.schema() : null);
            value = restructurer.apply(key, value);
            if (!known) {
                unknowns.add(key, value);
                continue;
            }
            row.put(field.pos(), typer.toValue(value, field.schema(), key, unknowns));
        }
        row.put(LakeSchemas.EVENT_TIME, Timestamps.toEpochMicros(eventTime));
        row.put(LakeSchemas.SOURCE_FILE, sourceUri);
        row.put(LakeSchemas.PROCESSED_AT, Math.multiplyExact(processedAtMillis, 1000L));
        row.put(LakeSchemas.EXTRA, unknowns.isEmpty() ? null : unknowns.fields().toString());
        return row;
    }

    /**
     * Top-level values are strings that may hold JSON. Decode the string when the schema expects a
     * record, array or map; for an unknown key, when it looks like an object or array. The string
     * {@code "null"} is null.
     */
    private JsonNode decodeTopLevel(String key, JsonNode value, Schema fieldSchema)
            throws DecodeException {
        if (!value.isTextual()) {
            return value;
        }
        String text = value.textValue();
        if (text.equals("null")) {
            return NullNode.getInstance();
        }
        boolean expectsJson = fieldSchema != null && SchemaTyper.isContainer(fieldSchema);
        if (!expectsJson && (fieldSchema != null || !looksLikeJsonContainer(text))) {
            return value;
        }
        if (expectsJson && text.trim().isEmpty()) {
            return NullNode.getInstance();
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException ex) {
            if (!expectsJson) {
                return value;
            }
            throw new DecodeException(
                    DeadLetterReason.MALFORMED_ENCODED_VALUE,
                    key + ": the JSON-encoded value does not parse (" + where(ex) + ")");
        }
    }

    private static boolean looksLikeJsonContainer(String text) {
        String start = text.stripLeading();
        return start.startsWith("{") || start.startsWith("[");
    }

    /** Parser position without the parser's message, which quotes the offending input. */
    private static String where(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "nesting or size beyond the parser's limits";
        }
        if (e.getLocation() == null) {
            return "JSON parse error";
        }
        return "JSON parse error at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    }

    private DeadLetter deadLetter(
            Entity entity,
            String sourceUri,
            byte[] stored,
            byte[] document,
            DecodeException e,
            long processedAtMillis) {
        DeadLetter d = new DeadLetter();
        d.sourceFile = sourceUri;
        d.table = entity.table();
        d.reason = e.reason().code();
        d.detail = e.detail();
        d.rawBytes = stored.length;
        d.processedAt = processedAtMillis;
        byte[] raw = document != null ? document : stored;
        if (e.reason() == DeadLetterReason.TOO_LARGE && raw.length > TOO_LARGE_PREFIX_BYTES) {
            raw = Arrays.copyOf(raw, TOO_LARGE_PREFIX_BYTES);
            d.rawTruncated = true;
        }
        boolean text =
                document != null
                        || (e.reason() != DeadLetterReason.UNREADABLE_GZIP
                                && e.reason() != DeadLetterReason.INVALID_UTF8
                                && RawText.isUtf8(raw));
        if (text) {
            d.rawText = new String(raw, StandardCharsets.UTF_8);
        } else {
            d.rawBase64 = Base64.getEncoder().encodeToString(raw);
        }
        return d;
    }

    /** A dead letter for an object whose bytes never arrived (vanished, unreadable). */
    public static DeadLetter unfetched(
            String sourceUri, DeadLetterReason reason, String detail, long processedAtMillis) {
        DeadLetter d = new DeadLetter();
        d.sourceFile = sourceUri;
        d.table = RawObjectPath.entityOf(sourceUri).map(Entity::table).orElse(null);
        d.reason = reason.code();
        d.detail = detail;
        d.rawBytes = -1;
        d.processedAt = processedAtMillis;
        return d;
    }
}
