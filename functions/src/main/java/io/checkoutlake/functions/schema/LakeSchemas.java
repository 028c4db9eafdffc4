package io.checkoutlake.functions.schema;

import io.checkoutlake.functions.model.Entity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.Schema;

/** The output schemas, loaded once from the versioned {@code .avsc} files on the classpath. */
public final class LakeSchemas {
    public static final String EVENT_TIME = "_event_time";
    public static final String SOURCE_FILE = "_source_file";
    public static final String PROCESSED_AT = "_processed_at";
    public static final String EXTRA = "_extra";

    private static final Map<Entity, Schema> SCHEMAS = new EnumMap<>(Entity.class);

    static {
        for (Entity entity : Entity.values()) {
            SCHEMAS.put(entity, load(entity.schemaResource()));
        }
    }

    private LakeSchemas() {}

    public static Schema of(Entity entity) {
        return SCHEMAS.get(entity);
    }

    /** Parses a schema resource; used for the current and for older versions kept beside it. */
    public static Schema load(String resource) {
        try (InputStream in = LakeSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource not found: " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }
}
