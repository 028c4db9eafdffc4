package io.checkoutlake.job;

import io.checkoutlake.functions.model.Entity;

/**
 * Operator uids. A uid names an operator's state in every checkpoint and savepoint: never change
 * one without a state migration (savepoints/README.md); the savepoint tests compare this list with
 * the one recorded in {@code savepoints/}.
 */
public final class Uids {
    public static final String DISCOVERY = "raw-object-discovery";
    public static final String FETCH = "raw-object-fetch";
    public static final String DEDUP = "raw-object-dedup";
    public static final String DECODE = "document-decode";
    public static final String DEADLETTER_SINK = "deadletter-sink";

    private Uids() {}

    public static String watermarks(Entity entity) {
        return entity.table() + "-watermarks";
    }

    public static String rowMetrics(Entity entity) {
        return entity.table() + "-row-metrics";
    }

    public static String lakeSink(Entity entity) {
        return entity.table() + "-lake-sink";
    }
}
