package io.checkoutlake.tests.kinesis;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The few Kinesis calls the tests make (JSON over HTTP, as the AWS CLI does), against an emulator
 * that does not check signatures (moto): no AWS SDK in the tests.
 */
public final class KinesisTestClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    KinesisTestClient(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Where a record went: its shard and sequence number. */
    public static final class Put {
        public final String shardId;
        public final String sequenceNumber;

        Put(String shardId, String sequenceNumber) {
            this.shardId = shardId;
            this.sequenceNumber = sequenceNumber;
        }

        /** The {@code _source_file} the job gives the record. */
        public String uri(String stream) {
            return "kinesis://" + stream + "/" + shardId + "/" + sequenceNumber;
        }
    }

    public void createStream(String stream, int shards) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("StreamName", stream);
        body.put("ShardCount", shards);
        call("CreateStream", body);
        long deadline = System.currentTimeMillis() + 30_000;
        while (!call("DescribeStreamSummary", JSON.createObjectNode().put("StreamName", stream))
                .path("StreamDescriptionSummary")
                .path("StreamStatus")
                .asText()
                .equals("ACTIVE")) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("stream " + stream + " not ACTIVE");
            }
            Thread.sleep(100);
        }
    }

    public Put putRecord(String stream, String partitionKey, byte[] data) throws Exception {
        ObjectNode body =
                JSON.createObjectNode()
                        .put("StreamName", stream)
                        .put("PartitionKey", partitionKey)
                        .put("Data", Base64.getEncoder().encodeToString(data));
        JsonNode r = call("PutRecord", body);
        return new Put(r.path("ShardId").asText(), r.path("SequenceNumber").asText());
    }

    public Put putRecord(String stream, String partitionKey, String data) throws Exception {
        return putRecord(stream, partitionKey, data.getBytes(UTF_8));
    }

    /**
     * One PutRecords call: each entry's key is the partition key, its value the data (at most 500
     * records); fails if any record was not put.
     */
    public void putRecords(String stream, List<Map.Entry<String, String>> records)
            throws Exception {
        ObjectNode body = JSON.createObjectNode().put("StreamName", stream);
        ArrayNode entries = body.putArray("Records");
        for (Map.Entry<String, String> r : records) {
            entries.addObject()
                    .put("PartitionKey", r.getKey())
                    .put("Data", Base64.getEncoder().encodeToString(r.getValue().getBytes(UTF_8)));
        }
        JsonNode result = call("PutRecords", body);
        if (result.path("FailedRecordCount").asInt() != 0) {
            throw new IOException("PutRecords: " + result);
        }
    }

    private JsonNode call(String action, ObjectNode body) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(endpoint)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .header("X-Amz-Target", "Kinesis_20131202." + action)
                        .header(
                                "Authorization",
                                "AWS4-HMAC-SHA256"
                                        + " Credential=testing/20240101/us-east-1/kinesis/aws4_request,"
                                        + " SignedHeaders=host, Signature=0")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    action + " failed: " + response.statusCode() + " " + response.body());
        }
        String text = response.body();
        return text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
    }
}
