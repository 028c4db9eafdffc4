package io.checkoutlake.job.source;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.functions.model.RawObject;
import io.checkoutlake.functions.model.RawObjectRef;
import io.checkoutlake.job.coverage.BackfillCoverage;
import io.checkoutlake.job.coverage.FolderCoverage;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class S3EventRefsTest {
    private final S3EventRefs refs = new S3EventRefs(URI.create("s3a://raw/orders"), null);

    private List<RawObjectRef> refsOf(String notification) {
        return refs.refsOf(
                RawObject.of("kinesis://events/shard-0/1", notification.getBytes(UTF_8)));
    }

    private static List<String> uris(List<RawObjectRef> refs) {
        return refs.stream().map(r -> r.uri).collect(Collectors.toList());
    }

    /** An S3 event notification with one record per {@code eventName, key} pair. */
    private static String s3Notification(String bucket, String... eventsAndKeys) {
        StringBuilder json = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < eventsAndKeys.length; i += 2) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",")
                    .append("\"awsRegion\":\"eu-west-1\",\"eventName\":\"")
                    .append(eventsAndKeys[i])
                    .append("\",\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\"")
                    .append(bucket)
                    .append("\",\"arn\":\"arn:aws:s3:::")
                    .append(bucket)
                    .append("\"},\"object\":{\"key\":\"")
                    .append(eventsAndKeys[i + 1])
                    .append("\",\"size\":1234,\"eTag\":\"0123\",\"versionId\":\"v-")
                    .append(i)
                    .append("\",\"sequencer\":\"0055AED6DCD90281E5\"}}}");
        }
        return json.append("]}").toString();
    }

    private static String eventBridge(String detailType, String bucket, String key, String extra) {
        return "{\"version\":\"0\",\"id\":\"17793124-05d4-b198-2fde-7ededc63b103\","
                + "\"detail-type\":\""
                + detailType
                + "\",\"source\":\"aws.s3\",\"account\":\"111122223333\","
                + "\"time\":\"2021-11-12T00:00:00Z\",\"region\":\"ca-central-1\","
                + "\"resources\":[\"arn:aws:s3:::"
                + bucket
                + "\"],\"detail\":{\"version\":\"0\",\"bucket\":{\"name\":\""
                + bucket
                + "\"},\"object\":{\"key\":\""
                + key
                + "\""
                + extra
                + "},\"reason\":\"PutObject\"}}";
    }

    @Test
    void readsAnS3EventNotificationRecord() {
        List<RawObjectRef> found =
                refsOf(
                        s3Notification(
                                "raw", "ObjectCreated:Put", "orders/86_CheckoutOrder/a/id/1.json"));

        assertThat(found).hasSize(1);
        assertThat(found.get(0).uri).isEqualTo("s3a://raw/orders/86_CheckoutOrder/a/id/1.json");
        assertThat(found.get(0).size).isEqualTo(1234);
    }

    @Test
    void readsAnEventBridgeObjectCreatedEvent() {
        List<RawObjectRef> found =
                refsOf(
                        eventBridge(
                                "Object Created",
                                "raw",
                                "orders/86_CheckoutOrder/a/id/1.json",
                                ",\"size\":99,\"etag\":\"x\",\"version-id\":\"v2\""));

        assertThat(uris(found)).containsExactly("s3a://raw/orders/86_CheckoutOrder/a/id/1.json");
        assertThat(found.get(0).size).isEqualTo(99);
    }

    @Test
    void everyCreatedRecordOfANotificationCounts() {
        List<RawObjectRef> found =
                refsOf(
                        s3Notification(
                                "raw",
                                "ObjectCreated:Put",
                                "orders/a.json",
                                "ObjectRemoved:Delete",
                                "orders/b.json",
                                "ObjectCreated:CompleteMultipartUpload",
                                "orders/c.json",
                                "ObjectCreated:Copy",
                                "orders/d.json"));

        assertThat(uris(found))
                .containsExactly(
                        "s3a://raw/orders/a.json",
                        "s3a://raw/orders/c.json",
                        "s3a://raw/orders/d.json");
    }

    @Test
    void keysAreUrlDecoded() {
        assertThat(
                        uris(
                                refsOf(
                                        s3Notification(
                                                "raw",
                                                "ObjectCreated:Put",
                                                "orders/order+one/%2B1%3D2.json"))))
                .containsExactly("s3a://raw/orders/order one/+1=2.json");
        assertThat(
                        uris(
                                refsOf(
                                        eventBridge(
                                                "Object Created",
                                                "raw",
                                                "orders/caf%C3%A9+%26+bar/x%2Fy.json",
                                                ""))))
                .as("%xx of UTF-8 bytes; an encoded slash is a slash of the key")
                .containsExactly("s3a://raw/orders/café & bar/x/y.json");
        assertThat(
                        uris(
                                refsOf(
                                        s3Notification(
                                                "raw",
                                                "ObjectCreated:Put",
                                                "orders/100%25+done%zz"))))
                .as("a malformed escape is kept as written")
                .containsExactly("s3a://raw/orders/100% done%zz");
    }

    @Test
    void versionsOfOneKeyNameTheSameObject() {
        // The fetch reads the key's current bytes; dedup by key and content then tells a replayed
        // notification (same bytes: a duplicate) from a new version (new bytes: a new row).
        String v1 =
                eventBridge("Object Created", "raw", "orders/a.json", ",\"version-id\":\"111\"");
        String v2 =
                eventBridge("Object Created", "raw", "orders/a.json", ",\"version-id\":\"222\"");

        assertThat(uris(refsOf(v1)))
                .isEqualTo(uris(refsOf(v2)))
                .containsExactly("s3a://raw/orders/a.json");
    }

    @Test
    void skipsWhatIsNotAnObjectCreatedEvent() {
        assertThat(refsOf(eventBridge("Object Deleted", "raw", "orders/a.json", ""))).isEmpty();
        assertThat(
                        refsOf(
                                s3Notification(
                                        "raw",
                                        "ObjectRemoved:DeleteMarkerCreated",
                                        "orders/a.json")))
                .isEmpty();
        assertThat(refsOf(s3Notification("raw", "ObjectRestore:Completed", "orders/a.json")))
                .isEmpty();
        assertThat(
                        refsOf(
                                "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\","
                                        + "\"Time\":\"2024-01-01T00:00:00Z\",\"Bucket\":\"raw\"}"))
                .isEmpty();
        assertThat(
                        refsOf(
                                "{\"source\":\"aws.ec2\",\"detail-type\":\"Object Created\","
                                        + "\"detail\":{\"bucket\":{\"name\":\"raw\"},"
                                        + "\"object\":{\"key\":\"orders/a.json\"}}}"))
                .as("another source")
                .isEmpty();
        assertThat(
                        refsOf(
                                "{\"Records\":[{\"eventSource\":\"aws:sqs\","
                                        + "\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":"
                                        + "{\"name\":\"raw\"},\"object\":{\"key\":\"orders/a\"}}}]}"))
                .isEmpty();
        assertThat(refsOf(s3Notification("raw", "ObjectCreated:Put", ""))).as("no key").isEmpty();
    }

    @Test
    void skipsWhatIsNotJson() {
        assertThat(refsOf("not json")).isEmpty();
        assertThat(refsOf("[1,2]")).isEmpty();
        assertThat(refs.refsOf(RawObject.of("kinesis://events/shard-0/2", null))).isEmpty();
    }

    @Test
    void skipsObjectsOutsideTheSourcePath() {
        assertThat(refsOf(s3Notification("other", "ObjectCreated:Put", "orders/a.json"))).isEmpty();
        assertThat(refsOf(s3Notification("raw", "ObjectCreated:Put", "elsewhere/a.json")))
                .isEmpty();
        assertThat(refsOf(s3Notification("raw", "ObjectCreated:Put", "ordersX/a.json")))
                .as("a sibling prefix that merely starts alike")
                .isEmpty();
        assertThat(refsOf(s3Notification("raw", "ObjectCreated:Put", "orders/folder/")))
                .as("a folder placeholder")
                .isEmpty();
    }

    @Test
    void aBucketWideSourcePathTakesEveryKeyAndKeepsItsScheme() {
        S3EventRefs bucketWide = new S3EventRefs(URI.create("s3://raw"), null);

        List<RawObjectRef> found =
                bucketWide.refsOf(
                        RawObject.of(
                                "kinesis://events/shard-0/3",
                                s3Notification("raw", "ObjectCreated:Post", "any/where.json")
                                        .getBytes(UTF_8)));

        assertThat(uris(found)).containsExactly("s3://raw/any/where.json");
    }

    @Test
    void aMissingSizeIsUnknown() {
        List<RawObjectRef> found =
                refsOf(eventBridge("Object Created", "raw", "orders/a.json", ""));

        assertThat(found).hasSize(1);
        assertThat(found.get(0).size).isEqualTo(-1);
    }

    @Test
    void skipsEventsOfObjectsCompleteBeforeTheirFolderWasBackfilled() {
        // 3A_CheckoutOrder was listed by a backfill from 2021-11-12T00:00:00Z on.
        refs.backfills(
                new BackfillCoverage(
                        "s3a://raw/orders",
                        Map.of("3A_CheckoutOrder", new FolderCoverage(0, Map.of())),
                        Map.of(
                                "3A_CheckoutOrder",
                                Instant.parse("2021-11-12T00:00:00Z").toEpochMilli())));
        String before =
                s3Notification("raw", "ObjectCreated:Put", "orders/3A_CheckoutOrder/a/id/1.json")
                        .replace(
                                "\"eventName\"",
                                "\"eventTime\":\"2021-11-11T23:59:59.000Z\",\"eventName\"");
        String after = before.replace("2021-11-11T23:59:59.000Z", "2021-11-12T00:00:00.000Z");
        String otherFolder = before.replace("3A_CheckoutOrder", "3B_CheckoutOrder");
        String noTime =
                s3Notification("raw", "ObjectCreated:Put", "orders/3A_CheckoutOrder/a/id/1.json");

        assertThat(refsOf(before)).as("the backfill read it").isEmpty();
        assertThat(uris(refsOf(after)))
                .containsExactly("s3a://raw/orders/3A_CheckoutOrder/a/id/1.json");
        assertThat(refsOf(otherFolder)).as("a folder no backfill read").hasSize(1);
        assertThat(refsOf(noTime)).as("no event time: read").hasSize(1);
        assertThat(
                        refsOf(
                                eventBridge(
                                        "Object Created",
                                        "raw",
                                        "orders/3A_CheckoutOrder/b/id/2.json",
                                        ",\"size\":5")))
                .as("EventBridge's time, 2021-11-12T00:00:00Z, is not before the listing")
                .hasSize(1);
        assertThat(
                        refsOf(
                                eventBridge(
                                                "Object Created",
                                                "raw",
                                                "orders/3A_CheckoutOrder/b/id/2.json",
                                                ",\"size\":5")
                                        .replace("2021-11-12T00:00:00Z", "2021-11-11T00:00:00Z")))
                .isEmpty();
    }
}
