package io.checkoutlake.functions.decode;

import io.checkoutlake.functions.model.DeadLetter;
import io.checkoutlake.functions.model.Entity;
import org.apache.avro.generic.GenericRecord;

/** A decoded row of a table, or the dead letter that takes its place. Exactly one is set. */
public final class DecodeOutcome {
    private final Entity entity;
    private final GenericRecord row;
    private final long eventTimeMillis;
    private final boolean hasUnknownFields;
    private final DeadLetter deadLetter;

    private DecodeOutcome(
            Entity entity,
            GenericRecord row,
            long eventTimeMillis,
            boolean hasUnknownFields,
            DeadLetter deadLetter) {
        this.entity = entity;
        this.row = row;
        this.eventTimeMillis = eventTimeMillis;
        this.hasUnknownFields = hasUnknownFields;
        this.deadLetter = deadLetter;
    }

    static DecodeOutcome row(
            Entity entity, GenericRecord row, long eventTimeMillis, boolean hasUnknownFields) {
        return new DecodeOutcome(entity, row, eventTimeMillis, hasUnknownFields, null);
    }

    public static DecodeOutcome deadLetter(DeadLetter deadLetter) {
        return new DecodeOutcome(null, null, Long.MIN_VALUE, false, deadLetter);
    }

    public boolean isRow() {
        return row != null;
    }

    public Entity entity() {
        return entity;
    }

    public GenericRecord row() {
        return row;
    }

    public long eventTimeMillis() {
        return eventTimeMillis;
    }

    public boolean hasUnknownFields() {
        return hasUnknownFields;
    }

    public DeadLetter deadLetter() {
        return deadLetter;
    }
}
