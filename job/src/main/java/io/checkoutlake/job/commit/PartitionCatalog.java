package io.checkoutlake.job.commit;

import java.io.IOException;

/** Where committed partitions are registered (the Glue Data Catalog), after their manifest. */
public interface PartitionCatalog extends AutoCloseable {
    /**
     * Registers {@code partition} of {@code table} at {@code location}; a partition that is already
     * registered is success, so a commit can be repeated.
     */
    void register(String table, String partition, String location) throws IOException;

    /** No catalog: partition projection or a crawler serves the readers. */
    PartitionCatalog NONE = (table, partition, location) -> {};

    /** Releases the catalog's client, if it has one; never throws. */
    @Override
    default void close() {}
}
