package io.checkoutlake.tests.kinesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Object-created notifications as S3 puts them on a stream: S3 event notification records and
 * EventBridge events, keys form-URL-encoded as S3 encodes them.
 */
public final class S3Notifications {
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3Notifications() {}

    static String encode(String key) {
        // S3's notification encoding: form-URL-encoded, / kept.
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /** An S3 event notification ({@code Records[]}) of one event. */
    public static String s3Notification(String eventName, String bucket, String key)
            throws JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventSource", "aws:s3").put("eventName", eventName);
        ObjectNode s3 = record.putObject("s3");
        s3.putObject("bucket").put("name", bucket);
        s3.putObject("object").put("key", encode(key));
        return JSON.writeValueAsString(root);
    }

    /**
     * An S3 event notification of one event with the object's size ({@code s3.object.size}), as S3
     * sends it for a created object: the job then opens the object without a HEAD.
     */
    public static String s3Notification(String eventName, String bucket, String key, long size)
            throws JsonProcessingException {
        ObjectNode root = (ObjectNode) JSON.readTree(s3Notification(eventName, bucket, key));
        ((ObjectNode) root.get("Records").get(0).get("s3").get("object")).put("size", size);
        return JSON.writeValueAsString(root);
    }

    /** An S3 event notification of one event at {@code eventTime}, as S3 sends it. */
    public static String s3Notification(
            String eventName, String bucket, String key, java.time.Instant eventTime)
            throws JsonProcessingException {
        ObjectNode root = (ObjectNode) JSON.readTree(s3Notification(eventName, bucket, key));
        ((ObjectNode) root.get("Records").get(0)).put("eventTime", eventTime.toString());
        return JSON.writeValueAsString(root);
    }

    /** An EventBridge event of S3. */
    static String eventBridge(String detailType, String bucket, String key)
            throws JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        root.put("source", "aws.s3").put("detail-type", detailType);
        ObjectNode detail = root.putObject("detail");
        detail.putObject("bucket").put("name", bucket);
        detail.putObject("object").put("key", encode(key));
        return JSON.writeValueAsString(root);
    }
}
