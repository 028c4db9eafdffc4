package io.checkoutlake.functions.model;

import java.util.Arrays;
import java.util.Optional;

/** The two kinds of order document in the raw bucket, and the lake table each one feeds. */
public enum Entity {
    CHECKOUT("CheckoutOrder", "checkout", "schemas/checkout_order.v1.avsc"),
    FULFILLMENT("FulfillmentOrder", "fulfillment", "schemas/fulfillment_order.v1.avsc");

    private final String rawFolderSuffix;
    private final String table;
    private final String schemaResource;

    Entity(String rawFolderSuffix, String table, String schemaResource) {
        this.rawFolderSuffix = rawFolderSuffix;
        this.table = table;
        this.schemaResource = schemaResource;
    }

    /** The part after {@code <HH>_} in a raw folder name, e.g. {@code CheckoutOrder}. */
    public String rawFolderSuffix() {
        return rawFolderSuffix;
    }

    /** The lake table (top-level folder under the lake path), e.g. {@code checkout}. */
    public String table() {
        return table;
    }

    /** Classpath location of the current version of the entity's Avro schema. */
    public String schemaResource() {
        return schemaResource;
    }

    public static Optional<Entity> fromRawFolderSuffix(String suffix) {
        return Arrays.stream(values()).filter(e -> e.rawFolderSuffix.equals(suffix)).findFirst();
    }
}
