package io.checkoutlake.tests.readers;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;

/** A SQL engine reading the lake: rows of JSON values, as the engine renders them. */
interface SqlEngine {
    String name();

    List<List<JsonNode>> query(String sql) throws IOException;
}
