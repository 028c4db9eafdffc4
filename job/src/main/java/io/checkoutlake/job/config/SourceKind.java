package io.checkoutlake.job.config;

import java.util.List;

/**
 * Where the job learns about raw objects.
 *
 * <p>Extension point: to add a source, add a constant here, drop its name from {@link #PLANNED},
 * add the keys it needs to {@link LakeOptions} (in its own property group, e.g. {@code
 * kinesis.stream}) and build it where the job builds its source. Code that switches on this enum
 * should fail on constants it does not know rather than fall through.
 */
public enum SourceKind {
    /** Objects under {@code source.path}, listed once (backfill) or repeatedly (stream). */
    FILES("files"),
    /** Raw documents as records on the Kinesis stream {@code kinesis.stream}. */
    KINESIS("kinesis"),
    /** S3 object-created notifications on the Kinesis stream {@code kinesis.stream}. */
    S3_EVENTS("s3-events");

    /** Kinds that are designed but not built yet: named in the error so they read as "not yet". */
    private static final List<String> PLANNED = List.of();

    private final String configValue;

    SourceKind(String configValue) {
        this.configValue = configValue;
    }

    /** The value as written in configuration, e.g. {@code files}. */
    public String configValue() {
        return configValue;
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
            if (kind.configValue.equals(value)) {
                return kind;
            }
        }
        String problem = PLANNED.contains(value) ? "is not supported yet" : "is not a source kind";
        throw new IllegalArgumentException(
                "'" + value + "' " + problem + " (supported: " + supported() + ")");
    }

    private static String supported() {
        StringBuilder names = new StringBuilder();
        for (SourceKind kind : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(kind.configValue);
        }
        return names.toString();
    }
}
