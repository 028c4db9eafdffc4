package io.checkoutlake.job.source;

import io.checkoutlake.functions.model.RawObject;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;

/**
 * A Kinesis record as a {@link RawObject}: its data are the bytes, its partition key is the routing
 * key (the raw object key {@code <HH>_CheckoutOrder/<id>/id/<object>}), and its provenance URI is
 * {@code kinesis://<stream>/<shardId>/<sequenceNumber>}. Nothing is parsed here; decoding (shared
 * by every source) answers for the content.
 */
public class KinesisRecordDeserializer implements KinesisDeserializationSchema<RawObject> {
    private static final long serialVersionUID = 1L;

    @Override
    public RawObject deserialize(
            byte[] recordValue,
            String partitionKey,
            String seqNum,
            long approxArrivalTimestamp,
            String stream,
            String shardId)
            throws java.io.IOException {
        String uri = "kinesis://" + stream + "/" + shardId + "/" + seqNum;
        return RawObject.record(uri, partitionKey, recordValue);
    }

    @Override
    public TypeInformation<RawObject> getProducedType() {
        return TypeInformation.of(RawObject.class);
    }
}
