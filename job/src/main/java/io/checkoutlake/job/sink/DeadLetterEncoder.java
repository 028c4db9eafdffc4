package io.checkoutlake.job.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkoutlake.functions.model.DeadLetter;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import org.apache.flink.api.common.serialization.Encoder;

/** One dead letter as one JSON line, field names in the lake's snake_case. */
public final class DeadLetterEncoder implements Encoder<DeadLetter> {
    private static final long serialVersionUID = 1L;

    private transient ObjectMapper mapper;

    @Override
    public void encode(DeadLetter d, OutputStream out) throws IOException {
        if (mapper == null) {
            mapper = new ObjectMapper();
        }
        ObjectNode line = mapper.createObjectNode();
        line.put("source_file", d.sourceFile);
        line.put("table", d.table);
        line.put("reason", d.reason);
        line.put("detail", d.detail);
        line.put("processed_at", Instant.ofEpochMilli(d.processedAt).toString());
        line.put("raw_bytes", d.rawBytes);
        line.put("raw_truncated", d.rawTruncated);
        line.put("raw_text", d.rawText);
        line.put("raw_base64", d.rawBase64);
        out.write(mapper.writeValueAsBytes(line));
        out.write('\n');
    }
}
