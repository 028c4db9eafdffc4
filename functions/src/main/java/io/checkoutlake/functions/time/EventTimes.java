package io.checkoutlake.functions.time;

import java.time.Instant;

/**
 * The range of event times the lake accepts. Outside it a document is a dead letter ({@code
 * event_time_out_of_range}): such values come from broken clocks or defaults such as {@code
 * 0001-01-01}, and would create partitions nobody queries.
 */
public final class EventTimes {
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    public static final Instant LATEST_EXCLUSIVE = Instant.parse("2100-01-01T00:00:00Z");

    private EventTimes() {}

    public static boolean inRange(Instant eventTime) {
        return !eventTime.isBefore(EARLIEST) && eventTime.isBefore(LATEST_EXCLUSIVE);
    }
}
