package io.checkoutlake.job.config;

import static java.util.stream.Collectors.joining;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where the job learns about raw objects.
 *
 * <p>Extension point: to add a source, add a constant here, add the keys it needs to {@link
 * LakeOptions} (in its own property group, e.g. {@code kinesis.stream}) and build it where the job
 * builds its source. Code that switches on this enum should fail on constants it does not know
 * rather than fall through.
 */
public enum SourceKind {
    /** Objects under {@code source.path}, listed once (backfill) or repeatedly (stream). */
    FILES,
    /** Raw documents as records on the Kinesis stream {@code kinesis.stream}. */
    KINESIS,
    /** S3 object-created notifications on the Kinesis stream {@code kinesis.stream}. */
    S3_EVENTS;

    /** The value as written in configuration, e.g. {@code s3-events}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the source reads a Kinesis stream ({@code kinesis.stream}, {@code aws.*}). */
    public boolean readsKinesis() {
        return this == KINESIS || this == S3_EVENTS;
    }

    /**
     * @throws IllegalArgumentException naming the value, without a key (the caller knows the key)
     */
    public static SourceKind fromConfigValue(String value) {
        for (SourceKind kind : values()) {
            if (kind.configValue().equals(value)) {
                return kind;
            }
        }
        String supported =
                Arrays.stream(values()).map(SourceKind::configValue).collect(joining(", "));
        throw new IllegalArgumentException(
                "'" + value + "' is not a source kind (supported: " + supported + ")");
    }
}
