package io.checkoutlake.functions.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkoutlake.functions.model.DeadLetter;
import io.checkoutlake.functions.model.DeadLetterReason;
import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.partition.EventTimeBucketAssigner;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.functions.time.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden vectors and one test per dead-letter reason.
 *
 * <p>The golden files under {@code src/test/resources/golden/}: {@code raw-checkout-order.json} is
 * a copy of {@code /work/shared/reference/raw-checkout-order.example.json}; {@code
 * raw-fulfillment-order.json} is written by hand. Each {@code *.expected.json} is the row the
 * decoder produces ({@code GenericData.toString(row)}, pretty-printed), reviewed by hand against
 * domain-notes.md and the schemas. They are compared as JSON trees (object key order does not
 * matter, array order does).
 *
 * <p>To regenerate the expected files after an intended change of the decoder or the schemas:
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -q -o -pl functions test -Dspotless.check.skip=true \
 *     -Dtest=DocumentDecoderTest -Dgolden.regenerate=true
 * </pre>
 *
 * <p>(run from the repository root so that the module directory is {@code functions/}); then review
 * the changes of {@code functions/src/test/resources/golden/*.expected.json} line by line before
 * committing them.
 */
class DocumentDecoderTest {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static final long PROCESSED_AT_MILLIS = 1_700_000_000_000L;
    static final long MAX_BYTES = 1 << 20;

    static final String ID = "33c887b2bf494a188a0aacc6b0d724bf";
    static final String CHECKOUT_KEY = "s3://raw/2019/3A_CheckoutOrder/" + ID + "/id/doc.json";
    static final String FULFILLMENT_KEY =
            "s3://raw/2021/86_FulfillmentOrder/1234567890123-01/id/doc.json";

    /** Planted in documents; must never appear in a dead letter's detail (PII rule). */
    static final String MARKER = "PII-MARKER-7d1e";

    private final DocumentDecoder decoder = DocumentDecoder.withLegacyRules(MAX_BYTES);

    // ---- helpers ------------------------------------------------------------------------

    static byte[] resource(String name) {
        try (InputStream in = DocumentDecoderTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource golden/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Single quotes become double quotes, so that test documents stay readable. */
    static byte[] doc(String singleQuoted) {
        return utf8(singleQuoted.replace('\'', '"'));
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private DecodeOutcome decode(String key, byte[] bytes) {
        return decoder.decode(key, bytes, PROCESSED_AT_MILLIS);
    }

    private GenericRecord row(String key, byte[] bytes) {
        DecodeOutcome o = decode(key, bytes);
        assertThat(o.isRow()).as("expected a row, got %s", o.deadLetter()).isTrue();
        assertThat(o.deadLetter()).isNull();
        return o.row();
    }

    private DeadLetter deadLetter(String key, byte[] bytes, DeadLetterReason reason) {
        DecodeOutcome o = decode(key, bytes);
        assertThat(o.isRow()).as("expected a dead letter, got a row").isFalse();
        assertThat(o.row()).isNull();
        DeadLetter d = o.deadLetter();
        assertThat(d.reason).as("reason of %s", d).isEqualTo(reason.code());
        assertThat(d.sourceFile).isEqualTo(key);
        assertThat(d.processedAt).isEqualTo(PROCESSED_AT_MILLIS);
        assertThat(d.rawBytes).isEqualTo(bytes.length);
        assertThat(d.detail).isNotBlank().doesNotContain(MARKER);
        return d;
    }

    private static JsonNode asJson(GenericRecord row) throws IOException {
        return MAPPER.readTree(GenericData.get().toString(row));
    }

    private static JsonNode extra(GenericRecord row) throws IOException {
        Object extra = row.get(LakeSchemas.EXTRA);
        return extra == null ? null : MAPPER.readTree(extra.toString());
    }

    private void assertGolden(GenericRecord row, String expectedName) throws IOException {
        JsonNode actual = asJson(row);
        byte[] expectedBytes;
        if (Boolean.getBoolean("golden.regenerate")) {
            Path target =
                    Paths.get(
                            System.getProperty("user.dir"),
                            "src",
                            "test",
                            "resources",
                            "golden",
                            expectedName);
            expectedBytes = utf8(MAPPER.writeValueAsString(actual) + "\n");
            Files.write(target, expectedBytes);
        } else {
            expectedBytes = resource(expectedName);
        }
        JsonNode expected = MAPPER.readTree(expectedBytes);
        assertThat(actual).isEqualTo(expected);
    }

    /** A row must be writable: it validates against its schema and survives Avro binary. */
    private static void assertWritable(GenericRecord row) throws IOException {
        Schema schema = row.getSchema();
        assertThat(GenericData.get().validate(schema, row)).isTrue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(row, enc);
        enc.flush();
        GenericRecord back =
                new GenericDatumReader<GenericRecord>(schema)
                        .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(MAPPER.readTree(GenericData.get().toString(back))).isEqualTo(asJson(row));
    }

    private static String bucket(GenericRecord row) {
        return new EventTimeBucketAssigner(EventTimeBucketAssigner.DEFAULT_PATTERN)
                .getBucketId(row, null);
    }

    // ---- golden vectors -----------------------------------------------------------------

    @Test
    void checkoutOrderGoldenVector() throws IOException {
        DecodeOutcome outcome = decode(CHECKOUT_KEY, resource("raw-checkout-order.json"));
        assertThat(outcome.isRow()).as("%s", outcome.deadLetter()).isTrue();
        assertThat(outcome.entity()).isEqualTo(Entity.CHECKOUT);
        assertThat(outcome.hasUnknownFields()).isFalse();
        GenericRecord row = outcome.row();
        assertThat(row.getSchema()).isSameAs(LakeSchemas.of(Entity.CHECKOUT));

        assertGolden(row, "raw-checkout-order.expected.json");
        assertWritable(row);

        // the points the rules are about, checked one by one as well
        String text = GenericData.get().toString(row);
        assertThat(text.toLowerCase()).doesNotContain("attachment");
        assertThat(text)
                .doesNotContain("assembly_options")
                .doesNotContain("assemblyOptions")
                .doesNotContain("matched_parameters")
                .doesNotContain("cart-extra-context")
                .doesNotContain("custom_data")
                .doesNotContain("open_text_field")
                .doesNotContain("Deliver after 6pm")
                .doesNotContain("commercial_condition_data");
        assertThat(row.get("sales_channel")).isEqualTo("1");
        assertThat(row.get("value")).isEqualTo(1290L);
        assertThat(row.get("is_checked_in")).isEqualTo(false);
        assertThat(row.get("gift_registry_data")).isNull();
        assertThat(row.get(LakeSchemas.EXTRA)).isNull();

        long lastChangeMicros =
                Timestamps.toEpochMicros(Instant.parse("2019-08-23T17:02:11.7010747Z"));
        assertThat(lastChangeMicros).isEqualTo(1_566_579_731_701_074L);
        assertThat(row.get(LakeSchemas.EVENT_TIME)).isEqualTo(lastChangeMicros);
        assertThat(row.get("last_change")).isEqualTo(lastChangeMicros);
        assertThat(row.get("creation_date")).isEqualTo(1_566_579_599_123_456L);
        assertThat(outcome.eventTimeMillis()).isEqualTo(1_566_579_731_701L);
        assertThat(row.get(LakeSchemas.SOURCE_FILE)).isEqualTo(CHECKOUT_KEY);
        assertThat(row.get(LakeSchemas.PROCESSED_AT)).isEqualTo(PROCESSED_AT_MILLIS * 1000L);
        assertThat(bucket(row)).isEqualTo("YEAR=2019/MONTH=08/DAY=23");

        @SuppressWarnings("unchecked")
        GenericRecord item = ((List<GenericRecord>) row.get("items")).get(0);
        @SuppressWarnings("unchecked")
        List<GenericRecord> categories = (List<GenericRecord>) item.get("product_categories");
        assertThat(categories).extracting(c -> c.get("id")).containsExactly("1", "10");
        assertThat(categories).extracting(c -> c.get("name")).containsExactly("Toys", "Robots");
        assertThat(((GenericRecord) item.get("additional_info")).get("brand_name"))
                .isEqualTo("Lux Brand");

        JsonNode json = asJson(row);
        JsonNode payment = json.at("/payment_data/transactions/0/payments/0");
        assertThat(payment.get("payment_group").textValue()).isEqualTo("creditCard");
        assertThat(payment.get("connector_responses"))
                .isEqualTo(
                        MAPPER.readTree(
                                "{\"Tid\":\"65738757\",\"ReturnCode\":\"200\",\"authId\":\"738757\"}"));
        assertThat(json.at("/rates_and_benefits_data/rate_and_benefits_identifiers/0").size())
                .isEqualTo(4);
        assertThat(json.at("/item_metadata/items/0").has("assembly_options")).isFalse();
    }

    @Test
    void fulfillmentOrderGoldenVector() throws IOException {
        DecodeOutcome outcome = decode(FULFILLMENT_KEY, resource("raw-fulfillment-order.json"));
        assertThat(outcome.isRow()).as("%s", outcome.deadLetter()).isTrue();
        assertThat(outcome.entity()).isEqualTo(Entity.FULFILLMENT);
        GenericRecord row = outcome.row();
        assertThat(row.getSchema()).isSameAs(LakeSchemas.of(Entity.FULFILLMENT));

        assertGolden(row, "raw-fulfillment-order.expected.json");
        assertWritable(row);

        String text = GenericData.get().toString(row);
        assertThat(text.toLowerCase())
                .doesNotContain("attachment")
                .doesNotContain("gift note")
                .doesNotContain("engraving");
        assertThat(text)
                .doesNotContain("matched_parameters")
                .doesNotContain("any store key")
                .doesNotContain("store-defined key")
                .doesNotContain("cart-extra-context");
        assertThat(row.get(LakeSchemas.EXTRA)).isNull();
        assertThat(outcome.hasUnknownFields()).isFalse();

        // -03:00 evening: the UTC instant is the next day, and so is the partition
        long lastChange = Timestamps.toEpochMicros(Instant.parse("2021-07-14T01:30:00.123456Z"));
        assertThat(row.get(LakeSchemas.EVENT_TIME)).isEqualTo(lastChange);
        assertThat(row.get("last_change")).isEqualTo(lastChange);
        assertThat(outcome.eventTimeMillis()).isEqualTo(1_626_226_200_123L);
        assertThat(bucket(row)).isEqualTo("YEAR=2021/MONTH=07/DAY=14");
        // store-local wall clock, as written
        assertThat(row.get("time_zone_last_change"))
                .isEqualTo(Timestamps.toEpochMicros(Instant.parse("2021-07-13T22:30:00.123456Z")));
        assertThat(row.get("order_id")).isEqualTo("1234567890123-01");
        assertThat(row.get("merchant_name")).isNull();
        assertThat(row.get("marketplace_order_id")).isEqualTo("");
        assertThat(row.get("workflow_is_in_error")).isEqualTo(false);
        assertThat(row.get("is_completed")).isEqualTo(true);
        assertThat(row.get("value")).isEqualTo(5990L);
        assertThat(row.get("cancellation_data")).isNull();

        JsonNode json = asJson(row);
        assertThat(json.at("/items/0/quantity").longValue()).isEqualTo(2L);
        assertThat(json.at("/items/0/list_price").longValue()).isEqualTo(3490L);
        assertThat(json.at("/items/0/product_categories"))
                .isEqualTo(
                        MAPPER.readTree(
                                "[{\"id\":\"5\",\"name\":\"Home\"},{\"id\":\"2\",\"name\":\"Kitchen\"}]"));
        assertThat(json.at("/items/0/bundle_items/0"))
                .isEqualTo(
                        MAPPER.readTree(
                                "{\"id\":\"9\",\"name\":\"Gift wrap\",\"quantity\":1,\"price\":0}"));
        assertThat(json.at("/totals/2/value").longValue()).isEqualTo(990L);
        assertThat(json.at("/payment_data/transactions/0/payments/0/payment_group").textValue())
                .isEqualTo("bankInvoice");
        assertThat(json.at("/payment_data/transactions/0/payments/0/connector_responses"))
                .isEqualTo(
                        MAPPER.readTree(
                                "{\"Tid\":\"7f3c\",\"ReturnCode\":null,\"Message\":\"approved\",\"authId\":\"1\","
                                        + "\"acquirer\":\"{\\\"name\\\":\\\"X\\\",\\\"code\\\":0}\"}"));
        assertThat(json.at("/rates_and_benefits_data/teaser/0"))
                .isEqualTo(
                        MAPPER.readTree(
                                "{\"featured\":\"true\",\"id\":\"t1\","
                                        + "\"conditions\":\"{\\\"parameters\\\":[{\\\"name\\\":\\\"Total\\\",\\\"value\\\":\\\"100\\\"}]}\"}"));
        assertThat(json.at("/marketing_data/utmi_part").textValue()).isEqualTo("hero");
        assertThat(
                        json.at(
                                        "/store_preferences_data/currency_format_info/currency_decimal_digits")
                                .longValue())
                .isEqualTo(2L);
        assertThat(json.at("/shipping_data/address/geo_coordinates"))
                .isEqualTo(MAPPER.readTree("[-46.65,-23.56]"));
        assertThat(json.at("/shipping_data/logistics_info/0/lock_ttl").textValue())
                .isEqualTo("10d");
        assertThat(json.at("/shipping_data/address/city").textValue()).isEqualTo("S\u00e3o Paulo");
    }

    @Test
    void theSameDocumentGzippedDecodesToTheSameRow() throws IOException {
        byte[] plain = resource("raw-checkout-order.json");
        GenericRecord expected = row(CHECKOUT_KEY, plain);
        String gzKey = CHECKOUT_KEY + ".gz";
        GenericRecord fromGz = row(gzKey, gzip(plain));
        assertThat(fromGz.get(LakeSchemas.SOURCE_FILE)).isEqualTo(gzKey);
        ObjectNode a = (ObjectNode) asJson(expected);
        ObjectNode b = (ObjectNode) asJson(fromGz);
        a.remove(LakeSchemas.SOURCE_FILE);
        b.remove(LakeSchemas.SOURCE_FILE);
        assertThat(b).isEqualTo(a);
        // gzip recognised by its magic number even without the .gz name
        assertThat(asJson(row(CHECKOUT_KEY, gzip(plain)))).isEqualTo(asJson(expected));
    }

    @Test
    void aByteOrderMarkBeforeAValidDocumentIsSkipped() throws IOException {
        byte[] plain = resource("raw-checkout-order.json");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        assertThat(asJson(row(CHECKOUT_KEY, concat(bom, plain))))
                .isEqualTo(asJson(row(CHECKOUT_KEY, plain)));
        assertThat(
                        asJson(row(CHECKOUT_KEY + ".gz", gzip(concat(bom, plain))))
                                .get("value")
                                .longValue())
                .isEqualTo(1290L);
    }

    // ---- one test per dead-letter reason ------------------------------------------------

    @Test
    void notAnOrderCarriesNoRawText() {
        byte[] bytes = doc("{'LastChange':'2019-08-23T17:02:11Z','Secret':'" + MARKER + "'}");
        for (String key :
                new String[] {
                    "s3://raw/86_FulfillmentOrder/" + ID + "/id/attachments/x.json",
                    "s3://raw/3A_CheckoutOrder/" + ID + "/doc.json",
                    "s3://raw/3A_ReturnOrder/" + ID + "/id/doc.json",
                    "s3://raw/3A_CheckoutOrder/" + ID + "/id/",
                }) {
            DeadLetter d = deadLetter(key, bytes, DeadLetterReason.NOT_AN_ORDER);
            assertThat(d.rawText).isNull();
            assertThat(d.rawBase64).isNull();
            assertThat(d.rawTruncated).isFalse();
            assertThat(d.table).isNull();
        }
    }

    @Test
    void objectNotFoundIsADeadLetterWithoutBytes() {
        DeadLetter d =
                DocumentDecoder.unfetched(
                        CHECKOUT_KEY,
                        DeadLetterReason.OBJECT_NOT_FOUND,
                        "object vanished",
                        PROCESSED_AT_MILLIS);
        assertThat(d.reason).isEqualTo("object_not_found");
        assertThat(d.table).isEqualTo("checkout");
        assertThat(d.rawBytes).isEqualTo(-1);
        assertThat(d.rawText).isNull();
        assertThat(d.rawBase64).isNull();
        assertThat(d.processedAt).isEqualTo(PROCESSED_AT_MILLIS);
        assertThat(
                        DocumentDecoder.unfetched(
                                        "s3://raw/x.json",
                                        DeadLetterReason.OBJECT_NOT_FOUND,
                                        "d",
                                        1L)
                                .table)
                .isNull();
    }

    @Test
    void tooLargeKeepsAPrefixAndSaysItIsTruncated() {
        DocumentDecoder small = DocumentDecoder.withLegacyRules(1024);
        StringBuilder sb = new StringBuilder("{\"LastChange\":\"2019-08-23T17:02:11Z\",\"Pad\":\"");
        while (sb.length() < 100_000) {
            sb.append("abcdefghij");
        }
        byte[] bytes = utf8(sb.append(MARKER).append("\"}").toString());
        DecodeOutcome o = small.decode(CHECKOUT_KEY, bytes, PROCESSED_AT_MILLIS);
        DeadLetter d = o.deadLetter();
        assertThat(d.reason).isEqualTo("too_large");
        assertThat(d.table).isEqualTo("checkout");
        assertThat(d.rawBytes).isEqualTo(bytes.length);
        assertThat(d.rawTruncated).isTrue();
        assertThat(d.rawText).hasSize(DocumentDecoder.TOO_LARGE_PREFIX_BYTES);
        assertThat(sb.toString()).startsWith(d.rawText);
        assertThat(d.rawBase64).isNull();
        assertThat(d.detail).contains("1024").doesNotContain(MARKER).doesNotContain("abcdefghij");
    }

    @Test
    void tooLargeButShortKeepsAllTheText() {
        DocumentDecoder small = DocumentDecoder.withLegacyRules(100);
        byte[] bytes =
                doc("{'LastChange':'2019-08-23T17:02:11Z','Pad':'" + MARKER.repeat(10) + "'}");
        DeadLetter d = small.decode(CHECKOUT_KEY, bytes, PROCESSED_AT_MILLIS).deadLetter();
        assertThat(d.reason).isEqualTo("too_large");
        assertThat(d.rawTruncated).isFalse();
        assertThat(d.rawText).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
        assertThat(d.detail).doesNotContain(MARKER);
    }

    @Test
    void aGzipThatDecompressesBeyondTheLimitIsTooLarge() {
        DocumentDecoder small = DocumentDecoder.withLegacyRules(10_000);
        byte[] big = new byte[200_000];
        Arrays.fill(big, (byte) ' ');
        byte[] stored = gzip(big);
        assertThat(stored.length).isLessThan(10_000);
        DeadLetter d = small.decode(CHECKOUT_KEY + ".gz", stored, PROCESSED_AT_MILLIS).deadLetter();
        assertThat(d.reason).isEqualTo("too_large");
        assertThat(d.rawBytes).isEqualTo(stored.length);
    }

    @Test
    void truncatedGzipIsUnreadable() {
        byte[] whole = gzip(doc("{'LastChange':'2019-08-23T17:02:11Z','Secret':'" + MARKER + "'}"));
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
        String key = CHECKOUT_KEY + ".gz";
        DeadLetter d = deadLetter(key, truncated, DeadLetterReason.UNREADABLE_GZIP);
        assertThat(d.rawText).isNull();
        assertThat(d.rawBase64).isEqualTo(Base64.getEncoder().encodeToString(truncated));
        assertThat(d.table).isEqualTo("checkout");
        // a .gz name on bytes that are not gzip at all
        deadLetter(
                key,
                doc("{'LastChange':'2019-08-23T17:02:11Z'}"),
                DeadLetterReason.UNREADABLE_GZIP);
    }

    @Test
    void emptyObjectsAreEmptyDocuments() {
        DeadLetter d = deadLetter(CHECKOUT_KEY, new byte[0], DeadLetterReason.EMPTY_DOCUMENT);
        assertThat(d.rawBytes).isZero();
        deadLetter(CHECKOUT_KEY, utf8(" \r\n\t "), DeadLetterReason.EMPTY_DOCUMENT);
        deadLetter(CHECKOUT_KEY + ".gz", gzip(new byte[0]), DeadLetterReason.EMPTY_DOCUMENT);
    }

    @Test
    void aByteOrderMarkAloneIsEmpty() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        deadLetter(CHECKOUT_KEY, bom, DeadLetterReason.EMPTY_DOCUMENT);
        deadLetter(CHECKOUT_KEY, concat(bom, utf8("  \n")), DeadLetterReason.EMPTY_DOCUMENT);
    }

    @Test
    void invalidUtf8KeepsTheBytesAsBase64() {
        byte[] bytes =
                concat(
                        doc("{'LastChange':'2019-08-23T17:02:11Z','Name':'" + MARKER + " caf"),
                        new byte[] {(byte) 0xE9, '\'', '}'});
        DeadLetter d = deadLetter(CHECKOUT_KEY, bytes, DeadLetterReason.INVALID_UTF8);
        assertThat(d.rawText).isNull();
        assertThat(d.rawBase64).isEqualTo(Base64.getEncoder().encodeToString(bytes));
        assertThat(d.rawTruncated).isFalse();
        // a lone continuation byte, and an overlong encoding of '/'
        deadLetter(CHECKOUT_KEY, new byte[] {'{', (byte) 0x80, '}'}, DeadLetterReason.INVALID_UTF8);
        deadLetter(
                CHECKOUT_KEY,
                new byte[] {'{', (byte) 0xC0, (byte) 0xAF, '}'},
                DeadLetterReason.INVALID_UTF8);
    }

    @Test
    void malformedJson() {
        String text =
                "{\"LastChange\":\"2019-08-23T17:02:11Z\",\n\"Secret\":\""
                        + MARKER
                        + "\",\"Value\":";
        DeadLetter d = deadLetter(CHECKOUT_KEY, utf8(text), DeadLetterReason.MALFORMED_JSON);
        assertThat(d.rawText).isEqualTo(text);
        assertThat(d.rawBase64).isNull();
        assertThat(d.table).isEqualTo("checkout");
        // an unquoted token: the parser's own message would quote it
        d =
                deadLetter(
                        CHECKOUT_KEY,
                        utf8("{\"Secret\": " + MARKER + "}"),
                        DeadLetterReason.MALFORMED_JSON);
        assertThat(d.detail).contains("line 1");
        // trailing content after the object
        deadLetter(
                CHECKOUT_KEY,
                utf8("{\"a\":\"1\"} {\"b\":\"" + MARKER + "\"}"),
                DeadLetterReason.MALFORMED_JSON);
        deadLetter(CHECKOUT_KEY, utf8("{\"a\":\"1\"} " + MARKER), DeadLetterReason.MALFORMED_JSON);
        deadLetter(CHECKOUT_KEY, utf8("{'single':'quotes'}"), DeadLetterReason.MALFORMED_JSON);
    }

    @Test
    void deepNestingIsMalformedJsonNotAStackOverflow() {
        for (int depth : new int[] {1_001, 5_000, 100_000}) {
            String open = "{\"a\":".repeat(depth);
            String close = "}".repeat(depth);
            byte[] objects =
                    utf8(
                            "{\"LastChange\":\"2019-08-23T17:02:11Z\",\"X\":"
                                    + open
                                    + "\""
                                    + MARKER
                                    + "\""
                                    + close
                                    + "}");
            byte[] arrays =
                    utf8(
                            "{\"LastChange\":\"2019-08-23T17:02:11Z\",\"X\":"
                                    + "[".repeat(depth)
                                    + "]".repeat(depth)
                                    + "}");
            assertThatCode(
                            () -> {
                                deadLetter(CHECKOUT_KEY, objects, DeadLetterReason.MALFORMED_JSON);
                                deadLetter(CHECKOUT_KEY, arrays, DeadLetterReason.MALFORMED_JSON);
                            })
                    .as("depth %d", depth)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void deepNestingInsideAnEncodedValueIsAMalformedEncodedValue() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        byte[] bytes = utf8("{\"LastChange\":\"2019-08-23T17:02:11Z\",\"Items\":\"" + deep + "\"}");
        assertThatCode(
                        () -> {
                            DeadLetter d =
                                    deadLetter(
                                            CHECKOUT_KEY,
                                            bytes,
                                            DeadLetterReason.MALFORMED_ENCODED_VALUE);
                            assertThat(d.detail).startsWith("Items");
                        })
                .doesNotThrowAnyException();
    }

    @Test
    void notAJsonObject() {
        DeadLetter d =
                deadLetter(
                        CHECKOUT_KEY,
                        utf8("[\"" + MARKER + "\"]"),
                        DeadLetterReason.NOT_A_JSON_OBJECT);
        assertThat(d.detail).contains("array");
        deadLetter(CHECKOUT_KEY, utf8("\"" + MARKER + "\""), DeadLetterReason.NOT_A_JSON_OBJECT);
        deadLetter(CHECKOUT_KEY, utf8("null"), DeadLetterReason.NOT_A_JSON_OBJECT);
        deadLetter(CHECKOUT_KEY, utf8("1290"), DeadLetterReason.NOT_A_JSON_OBJECT);
    }

    @Test
    void brokenJsonEncodedItemsIsAMalformedEncodedValueNamingItems() {
        byte[] bytes =
                doc(
                        "{'LastChange':'2019-08-23T17:02:11Z','Items':'[{\\'name\\':\\'"
                                + MARKER
                                + "\\',]'}");
        DeadLetter d = deadLetter(CHECKOUT_KEY, bytes, DeadLetterReason.MALFORMED_ENCODED_VALUE);
        assertThat(d.detail).startsWith("Items:");
        assertThat(d.rawText).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
        // a non-JSON text where the schema expects an object
        d =
                deadLetter(
                        CHECKOUT_KEY,
                        doc("{'LastChange':'2019-08-23T17:02:11Z','PaymentData':'" + MARKER + "'}"),
                        DeadLetterReason.MALFORMED_ENCODED_VALUE);
        assertThat(d.detail).startsWith("PaymentData:");
    }

    @Test
    void wrongTypeIsATypeMismatchNamingThePath() {
        DeadLetter d =
                deadLetter(
                        CHECKOUT_KEY,
                        doc("{'LastChange':'2019-08-23T17:02:11Z','Value':'12.5'}"),
                        DeadLetterReason.TYPE_MISMATCH);
        assertThat(d.detail).isEqualTo("Value: expected long, got text");
        d =
                deadLetter(
                        CHECKOUT_KEY,
                        doc(
                                "{'LastChange':'2019-08-23T17:02:11Z','Items':'[{\\'quantity\\':\\'"
                                        + MARKER
                                        + "\\'}]'}"),
                        DeadLetterReason.TYPE_MISMATCH);
        assertThat(d.detail).isEqualTo("Items[].quantity: expected long, got text");
        d =
                deadLetter(
                        CHECKOUT_KEY,
                        doc("{'LastChange':'2019-08-23T17:02:11Z','IsCheckedIn':'" + MARKER + "'}"),
                        DeadLetterReason.TYPE_MISMATCH);
        assertThat(d.detail).startsWith("IsCheckedIn:");
        // a JSON number beyond double's range for a long column is a mismatch, not a crash
        d =
                deadLetter(
                        CHECKOUT_KEY,
                        doc(
                                "{'LastChange':'2019-08-23T17:02:11Z','Items':'[{\\'price\\':1e400}]'}"),
                        DeadLetterReason.TYPE_MISMATCH);
        assertThat(d.detail).startsWith("Items[].price:");
    }

    @Test
    void noLastChangeAndNoCreationDateIsMissingEventTime() {
        deadLetter(
                CHECKOUT_KEY,
                doc("{'OrderFormId':'" + MARKER + "'}"),
                DeadLetterReason.MISSING_EVENT_TIME);
        deadLetter(CHECKOUT_KEY, doc("{}"), DeadLetterReason.MISSING_EVENT_TIME);
        deadLetter(
                CHECKOUT_KEY,
                doc("{'LastChange':'null','CreationDate':'null'}"),
                DeadLetterReason.MISSING_EVENT_TIME);
        deadLetter(
                CHECKOUT_KEY,
                doc("{'LastChange':'','CreationDate':null}"),
                DeadLetterReason.MISSING_EVENT_TIME);
    }

    @Test
    void garbageLastChangeIsAnInvalidTimestamp() {
        DeadLetter d =
                deadLetter(
                        CHECKOUT_KEY,
                        doc(
                                "{'LastChange':'"
                                        + MARKER
                                        + "','CreationDate':'2019-08-23T16:59:59Z'}"),
                        DeadLetterReason.INVALID_TIMESTAMP);
        assertThat(d.detail).startsWith("LastChange:");
        // LastChange wins over a valid CreationDate: it is not skipped because it is broken
        d =
                deadLetter(
                        CHECKOUT_KEY,
                        doc("{'LastChange':'2019-02-30T00:00:00Z'}"),
                        DeadLetterReason.INVALID_TIMESTAMP);
        assertThat(d.detail).doesNotContain("2019-02-30");
        d =
                deadLetter(
                        CHECKOUT_KEY,
                        doc("{'CreationDate':'" + MARKER + "'}"),
                        DeadLetterReason.INVALID_TIMESTAMP);
        assertThat(d.detail).startsWith("CreationDate:");
        // a nested timestamp field that does not parse
        d =
                deadLetter(
                        CHECKOUT_KEY,
                        doc(
                                "{'LastChange':'2019-08-23T17:02:11Z','Items':'[{\\'priceValidUntil\\':\\'"
                                        + MARKER
                                        + "\\'}]'}"),
                        DeadLetterReason.INVALID_TIMESTAMP);
        assertThat(d.detail).startsWith("Items[].priceValidUntil:");
    }

    @Test
    void year1650IsOutOfRange() {
        DeadLetter d =
                deadLetter(
                        CHECKOUT_KEY,
                        doc("{'LastChange':'1650-08-23T17:02:11Z'}"),
                        DeadLetterReason.EVENT_TIME_OUT_OF_RANGE);
        assertThat(d.detail).startsWith("LastChange:").doesNotContain("1650");
        deadLetter(
                CHECKOUT_KEY,
                doc("{'LastChange':'0001-01-01T00:00:00'}"),
                DeadLetterReason.EVENT_TIME_OUT_OF_RANGE);
        deadLetter(
                CHECKOUT_KEY,
                doc("{'LastChange':'2100-01-01T00:00:00Z'}"),
                DeadLetterReason.EVENT_TIME_OUT_OF_RANGE);
        d =
                deadLetter(
                        CHECKOUT_KEY,
                        doc("{'CreationDate':'1999-12-31T23:59:59.9999999Z'}"),
                        DeadLetterReason.EVENT_TIME_OUT_OF_RANGE);
        assertThat(d.detail).startsWith("CreationDate:");
        // the bounds themselves
        assertThat(
                        row(CHECKOUT_KEY, doc("{'LastChange':'2000-01-01T00:00:00Z'}"))
                                .get(LakeSchemas.EVENT_TIME))
                .isEqualTo(946_684_800_000_000L);
        assertThat(
                        decode(CHECKOUT_KEY, doc("{'LastChange':'2099-12-31T23:59:59.9999999Z'}"))
                                .isRow())
                .isTrue();
    }

    // ---- event time ---------------------------------------------------------------------

    @Test
    void creationDateIsTheFallbackWhenLastChangeIsAbsentOrNull() {
        long creation = Timestamps.toEpochMicros(Instant.parse("2019-08-23T16:59:59.123456Z"));
        for (String lastChange : new String[] {"", ",'LastChange':'null'", ",'LastChange':null"}) {
            GenericRecord r =
                    row(
                            CHECKOUT_KEY,
                            doc(
                                    "{'CreationDate':'2019-08-23T16:59:59.1234567Z'"
                                            + lastChange
                                            + "}"));
            assertThat(r.get(LakeSchemas.EVENT_TIME)).as(lastChange).isEqualTo(creation);
            assertThat(r.get("creation_date")).isEqualTo(creation);
            assertThat(r.get("last_change")).isNull();
        }
    }

    @Test
    void lastChangeWinsOverCreationDate() {
        DecodeOutcome o =
                decode(
                        CHECKOUT_KEY,
                        doc(
                                "{'CreationDate':'2019-08-22T23:00:00Z','LastChange':'2019-08-23T17:02:11.7010747Z'}"));
        assertThat(o.row().get(LakeSchemas.EVENT_TIME)).isEqualTo(1_566_579_731_701_074L);
        assertThat(o.eventTimeMillis()).isEqualTo(1_566_579_731_701L);
    }

    @Test
    void anOffsetEventTimeIsPartitionedByItsUtcDay() {
        GenericRecord r = row(CHECKOUT_KEY, doc("{'LastChange':'2021-07-13T22:30:00-03:00'}"));
        assertThat(r.get(LakeSchemas.EVENT_TIME))
                .isEqualTo(Timestamps.toEpochMicros(Instant.parse("2021-07-14T01:30:00Z")));
        assertThat(bucket(r)).isEqualTo("YEAR=2021/MONTH=07/DAY=14");
    }

    // ---- unknown fields and provenance --------------------------------------------------

    @Test
    void unknownTopLevelAndNestedKeysGoToExtraByPath() throws IOException {
        byte[] bytes =
                doc(
                        "{'LastChange':'2019-08-23T17:02:11Z','SalesChannel':'1',"
                                + "'BrandNewTopLevel':'{\\'a\\':[1,2]}',"
                                + "'PlainUnknown':'just text',"
                                + "'NullUnknown':'null',"
                                + "'ShippingData':'{\\'address\\':{\\'city\\':\\'Rio\\',\\'newNested\\':\\'x\\'}}'}");
        DecodeOutcome o = decode(CHECKOUT_KEY, bytes);
        assertThat(o.isRow()).isTrue();
        assertThat(o.hasUnknownFields()).isTrue();
        GenericRecord r = o.row();
        assertThat(
                        ((GenericRecord) ((GenericRecord) r.get("shipping_data")).get("address"))
                                .get("city"))
                .isEqualTo("Rio");
        assertThat(extra(r))
                .isEqualTo(
                        MAPPER.readTree(
                                "{\"BrandNewTopLevel\":{\"a\":[1,2]},"
                                        + "\"PlainUnknown\":\"just text\","
                                        + "\"ShippingData.address.newNested\":\"x\"}"));
        assertThat(GenericData.get().validate(r.getSchema(), r)).isTrue();
    }

    @Test
    void unknownKeysAreRestructuredBeforeTheyLandInExtra() throws IOException {
        GenericRecord r =
                row(
                        CHECKOUT_KEY,
                        doc(
                                "{'LastChange':'2019-08-23T17:02:11Z',"
                                        + "'NewBlock':'{\\'keep\\':1,\\'itemAttachment\\':{\\'k k\\':1}}'}"));
        assertThat(extra(r)).isEqualTo(MAPPER.readTree("{\"NewBlock\":{\"keep\":1}}"));
    }

    @Test
    void aSourceKeyNamedLikeAProvenanceColumnCannotOverwriteIt() throws IOException {
        byte[] bytes =
                doc(
                        "{'_source_file':'s3://evil/forged.json','_processed_at':'1','_event_time':'2',"
                                + "'_extra':'forged','LastChange':'2019-08-23T17:02:11Z'}");
        DecodeOutcome o = decode(CHECKOUT_KEY, bytes);
        GenericRecord r = o.row();
        assertThat(r.get(LakeSchemas.SOURCE_FILE)).isEqualTo(CHECKOUT_KEY);
        assertThat(r.get(LakeSchemas.PROCESSED_AT)).isEqualTo(PROCESSED_AT_MILLIS * 1000L);
        assertThat(r.get(LakeSchemas.EVENT_TIME))
                .isEqualTo(Timestamps.toEpochMicros(Instant.parse("2019-08-23T17:02:11Z")));
        assertThat(o.hasUnknownFields()).isTrue();
        assertThat(extra(r))
                .isEqualTo(
                        MAPPER.readTree(
                                "{\"_source_file\":\"s3://evil/forged.json\",\"_processed_at\":\"1\","
                                        + "\"_event_time\":\"2\",\"_extra\":\"forged\"}"));
    }

    @Test
    void nonStringTopLevelValuesAreTypedToo() {
        GenericRecord r =
                row(
                        CHECKOUT_KEY,
                        doc(
                                "{'LastChange':'2019-08-23T17:02:11Z','Value':1290,'SalesChannel':1,'IsCheckedIn':false,"
                                        + "'Items':[{'id':18,'quantity':'1'}]}"));
        assertThat(r.get("value")).isEqualTo(1290L);
        assertThat(r.get("sales_channel")).isEqualTo("1");
        assertThat(r.get("is_checked_in")).isEqualTo(false);
        @SuppressWarnings("unchecked")
        GenericRecord item = ((List<GenericRecord>) r.get("items")).get(0);
        assertThat(item.get("id")).isEqualTo("18");
        assertThat(item.get("quantity")).isEqualTo(1L);
    }

    @Test
    void aRoutedEntityDecodesWithItsOwnSchema() {
        byte[] bytes =
                doc("{'LastChange':'2019-08-23T17:02:11Z','OrderId':'o-1','OrderFormId':'f-1'}");
        DecodeOutcome f = decode(FULFILLMENT_KEY, bytes);
        assertThat(f.entity()).isEqualTo(Entity.FULFILLMENT);
        assertThat(f.row().get("order_id")).isEqualTo("o-1");
        DecodeOutcome c = decode(CHECKOUT_KEY, bytes);
        assertThat(c.entity()).isEqualTo(Entity.CHECKOUT);
        assertThat(c.row().get("order_form_id")).isEqualTo("f-1");
        assertThat(c.row().get(LakeSchemas.EXTRA).toString()).contains("OrderId");
        DeadLetter d =
                decoder.decode(Entity.FULFILLMENT, FULFILLMENT_KEY, doc("[]"), 5L).deadLetter();
        assertThat(d.table).isEqualTo("fulfillment");
    }

    // ---- the PII rule across every reason -----------------------------------------------

    static Stream<Arguments> everyReason() {
        String m = MARKER;
        String lc = "'LastChange':'2019-08-23T17:02:11Z'";
        byte[] truncatedGz = gzip(doc("{" + lc + ",'X':'" + m + "'}"));
        truncatedGz = Arrays.copyOf(truncatedGz, truncatedGz.length - 12);
        List<Arguments> cases = new ArrayList<>();
        cases.add(
                Arguments.of(
                        DeadLetterReason.NOT_AN_ORDER,
                        "s3://raw/" + m + "/x.json",
                        doc("{" + lc + "}")));
        cases.add(
                Arguments.of(
                        DeadLetterReason.TOO_LARGE,
                        CHECKOUT_KEY,
                        utf8("{\"X\":\"" + m.repeat(300) + "\"}")));
        cases.add(
                Arguments.of(DeadLetterReason.UNREADABLE_GZIP, CHECKOUT_KEY + ".gz", truncatedGz));
        cases.add(Arguments.of(DeadLetterReason.EMPTY_DOCUMENT, CHECKOUT_KEY, new byte[0]));
        cases.add(
                Arguments.of(
                        DeadLetterReason.INVALID_UTF8,
                        CHECKOUT_KEY,
                        concat(utf8("{\"X\":\"" + m), new byte[] {(byte) 0xFF, '"', '}'})));
        cases.add(
                Arguments.of(
                        DeadLetterReason.MALFORMED_JSON, CHECKOUT_KEY, utf8("{\"X\":" + m + "}")));
        cases.add(
                Arguments.of(
                        DeadLetterReason.MALFORMED_JSON,
                        CHECKOUT_KEY,
                        utf8("{\"X\":\"" + m + "\"")));
        cases.add(
                Arguments.of(
                        DeadLetterReason.MALFORMED_JSON,
                        CHECKOUT_KEY,
                        utf8("{\"X\":\"" + m + "\"}" + m)));
        cases.add(
                Arguments.of(
                        DeadLetterReason.NOT_A_JSON_OBJECT, CHECKOUT_KEY, utf8("\"" + m + "\"")));
        cases.add(
                Arguments.of(
                        DeadLetterReason.MALFORMED_ENCODED_VALUE,
                        CHECKOUT_KEY,
                        doc("{" + lc + ",'Items':'[" + m + "]'}")));
        cases.add(
                Arguments.of(
                        DeadLetterReason.MALFORMED_ENCODED_VALUE,
                        CHECKOUT_KEY,
                        doc("{" + lc + ",'ShippingData':'{\\'" + m + "\\'}'}")));
        cases.add(
                Arguments.of(
                        DeadLetterReason.TYPE_MISMATCH,
                        CHECKOUT_KEY,
                        doc("{" + lc + ",'Value':'" + m + "'}")));
        cases.add(
                Arguments.of(
                        DeadLetterReason.TYPE_MISMATCH,
                        CHECKOUT_KEY,
                        doc(
                                "{"
                                        + lc
                                        + ",'MarketingData':'{\\'utmSource\\':{\\'"
                                        + m
                                        + "\\':1}}'}")));
        cases.add(
                Arguments.of(
                        DeadLetterReason.MISSING_EVENT_TIME,
                        CHECKOUT_KEY,
                        doc("{'OrderFormId':'" + m + "'}")));
        cases.add(
                Arguments.of(
                        DeadLetterReason.INVALID_TIMESTAMP,
                        CHECKOUT_KEY,
                        doc("{'LastChange':'" + m + "'}")));
        cases.add(
                Arguments.of(
                        DeadLetterReason.INVALID_TIMESTAMP,
                        CHECKOUT_KEY,
                        doc("{" + lc + ",'TimeZoneLastChange':'" + m + "'}")));
        cases.add(
                Arguments.of(
                        DeadLetterReason.EVENT_TIME_OUT_OF_RANGE,
                        CHECKOUT_KEY,
                        doc("{'LastChange':'1650-01-01T00:00:00Z','X':'" + m + "'}")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyReason")
    void deadLetterDetailsNeverQuoteTheDocument(DeadLetterReason reason, String key, byte[] bytes) {
        DocumentDecoder d =
                DocumentDecoder.withLegacyRules(
                        reason == DeadLetterReason.TOO_LARGE ? 1000 : MAX_BYTES);
        DecodeOutcome o = d.decode(key, bytes, PROCESSED_AT_MILLIS);
        assertThat(o.isRow()).isFalse();
        DeadLetter dl = o.deadLetter();
        assertThat(dl.reason).isEqualTo(reason.code());
        assertThat(dl.detail).isNotBlank().doesNotContain(MARKER).doesNotContain("PII");
    }

    @Test
    void everyReasonThatDecodingCanProduceIsCovered() {
        Set<DeadLetterReason> covered = EnumSet.noneOf(DeadLetterReason.class);
        everyReason().forEach(a -> covered.add((DeadLetterReason) a.get()[0]));
        covered.add(DeadLetterReason.OBJECT_NOT_FOUND); // objectNotFoundIsADeadLetterWithoutBytes
        covered.add(DeadLetterReason.ACCESS_DENIED); // decided at fetch: FetchFailureTest
        covered.add(DeadLetterReason.NOT_READABLE); // decided at fetch: FetchFailureTest
        covered.add(DeadLetterReason.DUPLICATE); // decided before decoding: DedupByContentTest
        assertThat(covered).containsExactlyInAnyOrder(DeadLetterReason.values());
    }

    @Test
    void reasonCodesAreLowerSnakeCase() {
        assertThat(DeadLetterReason.EVENT_TIME_OUT_OF_RANGE.code())
                .isEqualTo("event_time_out_of_range");
        assertThat(DeadLetterReason.INVALID_UTF8.code()).isEqualTo("invalid_utf8");
        for (DeadLetterReason r : DeadLetterReason.values()) {
            assertThat(r.code()).matches("[a-z0-9_]+");
        }
    }

    @Test
    void rowMapValuesAreStrings() {
        GenericRecord r = row(CHECKOUT_KEY, resource("raw-checkout-order.json"));
        @SuppressWarnings("unchecked")
        GenericRecord payment =
                ((List<GenericRecord>)
                                ((List<GenericRecord>)
                                                ((GenericRecord) r.get("payment_data"))
                                                        .get("transactions"))
                                        .get(0)
                                        .get("payments"))
                        .get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> responses = (Map<String, Object>) payment.get("connector_responses");
        assertThat(responses).containsOnlyKeys("Tid", "ReturnCode", "authId");
        assertThat(responses.values()).allMatch(v -> v instanceof String);
    }
}
