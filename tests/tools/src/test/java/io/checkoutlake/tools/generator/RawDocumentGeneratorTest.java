package io.checkoutlake.tools.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.checkoutlake.functions.decode.RawText;
import io.checkoutlake.functions.decode.SchemaTyper;
import io.checkoutlake.functions.model.DeadLetterReason;
import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.schema.LakeSchemas;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RawDocumentGeneratorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Pattern ORDER_KEY =
            Pattern.compile(
                    "([0-9A-F]{2})_(CheckoutOrder|FulfillmentOrder)/([0-9a-f]{32})/id/"
                            + "v[0-9]+-[0-9a-f]{8}\\.json(\\.gz)?");

    /** Restructuring removes these (domain-notes.md); the decoder never types them. */
    private static final Set<String> DROPPED_TOP_LEVEL =
            Set.of("CustomData", "CommercialConditionData", "OpenTextField");

    private static final Set<String> DROPPED_PATHS =
            Set.of(
                    "ItemMetadata.items[].assemblyOptions",
                    "RatesAndBenefitsData.rateAndBenefitsIdentifiers[].matchedParameters",
                    "RatesAndBenefitsData.rateAndBenefitsIdentifiers[].additionalInfo");

    private static final Map<String, Pattern> TIMESTAMP_FORMS = new LinkedHashMap<>();

    static {
        String dateTime = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}";
        String offset = "[+-]\\d{2}:\\d{2}";
        TIMESTAMP_FORMS.put("7 digits, offset", Pattern.compile(dateTime + "\\.\\d{7}" + offset));
        TIMESTAMP_FORMS.put("6 digits, offset", Pattern.compile(dateTime + "\\.\\d{6}" + offset));
        TIMESTAMP_FORMS.put("seconds, offset", Pattern.compile(dateTime + offset));
        TIMESTAMP_FORMS.put("7 digits, Z", Pattern.compile(dateTime + "\\.\\d{7}Z"));
        TIMESTAMP_FORMS.put("trimmed digits, Z", Pattern.compile(dateTime + "\\.\\d{1,6}Z"));
        TIMESTAMP_FORMS.put("seconds, Z", Pattern.compile(dateTime + "Z"));
    }

    private static final Pattern LOCAL_TIMESTAMP =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{7}");

    private static final GeneratorSettings MIXED =
            GeneratorSettings.builder()
                    .seed(20_190_823L)
                    .badShare(0.3)
                    .gzipShare(0.2)
                    .bomShare(0.2)
                    .unknownFieldShare(0.2)
                    .versionsPerOrder(2)
                    .build();

    private static List<GeneratedObject> mixed;

    @BeforeAll
    static void generate() {
        mixed = new RawDocumentGenerator(MIXED).next(3_000);
    }

    @Test
    void sameSeedGivesSameObjects() {
        List<GeneratedObject> again = new RawDocumentGenerator(MIXED).next(500);
        assertThat(again).isEqualTo(mixed.subList(0, 500));

        List<GeneratedObject> otherSeed =
                new RawDocumentGenerator(MIXED.toBuilder().seed(7).build()).next(20);
        assertThat(otherSeed.get(0).key()).isNotEqualTo(mixed.get(0).key());
    }

    @Test
    void validDocumentsStayWithinTheSizeBounds() {
        for (GeneratedObject o : mixed) {
            if (o.isValid()) {
                assertThat(uncompressed(o).length)
                        .as(o.key())
                        .isBetween(MIXED.minDocumentBytes(), MIXED.maxDocumentBytes());
            }
        }
        // At the smallest maximum accepted, every valid document fits, within the tolerance.
        int smallest = GeneratorSettings.SMALLEST_MAX_DOCUMENT_BYTES;
        GeneratorSettings exact =
                GeneratorSettings.builder()
                        .seed(3)
                        .minDocumentBytes(smallest)
                        .maxDocumentBytes(smallest)
                        .bomShare(0.5)
                        .unknownFieldShare(0.3)
                        .build();
        for (GeneratedObject o : new RawDocumentGenerator(exact).next(400)) {
            assertThat(o.size())
                    .as(o.key())
                    .isBetween(smallest - Math.max(256, smallest / 50), smallest);
        }
    }

    @Test
    void largeDocumentsHaveManyItems() {
        GeneratorSettings large =
                GeneratorSettings.builder()
                        .seed(5)
                        .minDocumentBytes(90_000)
                        .maxDocumentBytes(100_000)
                        .build();
        for (GeneratedObject o : new RawDocumentGenerator(large).next(20)) {
            assertThat(o.size()).isBetween(90_000, 100_000);
            JsonNode items = decoded(json(o).get("Items"));
            assertThat(items.size()).isGreaterThan(20);
        }
    }

    @Test
    void keysFollowTheRawLayout() {
        Set<String> keys = new HashSet<>();
        int folderIsIdPrefix = 0;
        int orderKeys = 0;
        for (GeneratedObject o : mixed) {
            assertThat(keys.add(o.key())).as("unique key %s", o.key()).isTrue();
            if (o.badKind() == BadDocumentKind.NOT_AN_ORDER) {
                assertThat(ORDER_KEY.matcher(o.key()).matches()).as(o.key()).isFalse();
                assertThat(o.key()).contains(o.orderId()).contains(o.entity().rawFolderSuffix());
                continue;
            }
            var m = ORDER_KEY.matcher(o.key());
            assertThat(m.matches()).as(o.key()).isTrue();
            assertThat(m.group(2)).isEqualTo(o.entity().rawFolderSuffix());
            assertThat(m.group(3)).isEqualTo(o.orderId());
            assertThat(m.group(4) != null).as(o.key()).isEqualTo(o.isGzipped());
            orderKeys++;
            if (m.group(3).toUpperCase(Locale.ROOT).startsWith(m.group(1))) {
                folderIsIdPrefix++;
            }
        }
        // Independent draws agree on the first two digits about once in 256.
        assertThat(folderIsIdPrefix).isLessThan(orderKeys / 50);
    }

    @Test
    void versionsOfAnOrderAreConsecutiveWithAscendingEventTimes() {
        for (int i = 0; i + 1 < mixed.size(); i += 2) {
            GeneratedObject first = mixed.get(i);
            GeneratedObject second = mixed.get(i + 1);
            assertThat(second.orderId()).isEqualTo(first.orderId());
            assertThat(second.entity()).isEqualTo(first.entity());
            if (first.isValid() && second.isValid()) {
                assertThat(second.eventTime()).isAfterOrEqualTo(first.eventTime());
            }
        }
        assertThat(mixed.get(2).orderId()).isNotEqualTo(mixed.get(0).orderId());
    }

    @Test
    void badShareIsRoughlyRespected() {
        long bad = mixed.stream().filter(o -> !o.isValid()).count();
        assertThat(bad).isBetween(750L, 1_050L);
        assertThat(new RawDocumentGenerator(GeneratorSettings.defaults()).next(500))
                .allMatch(GeneratedObject::isValid);
    }

    @Test
    void everyBadKindAppearsLabelledAndBrokenAsLabelled() throws IOException {
        Map<BadDocumentKind, Integer> counts = new EnumMap<>(BadDocumentKind.class);
        for (GeneratedObject o : mixed) {
            if (o.isValid()) {
                assertThat(o.expectedReason()).isNull();
                continue;
            }
            counts.merge(o.badKind(), 1, Integer::sum);
            assertThat(o.expectedReason()).isEqualTo(o.badKind().expectedReason());
            assertThat(o.hasUnknownField()).isFalse();
            assertBrokenAsLabelled(o);
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrder(BadDocumentKind.values());
        assertThat(counts.values()).allMatch(n -> n >= 40);
    }

    private static void assertBrokenAsLabelled(GeneratedObject o) throws IOException {
        byte[] document = withoutBom(uncompressed(o));
        String what = o.key() + " " + o.badKind();
        switch (o.badKind()) {
            case MALFORMED_JSON:
                assertThat(RawText.isUtf8(document)).as(what).isTrue();
                assertThat(parses(document)).as(what).isFalse();
                assertThat(o.eventTime()).isNull();
                break;
            case NOT_A_JSON_OBJECT:
                assertThat(MAPPER.readTree(document).isArray()).as(what).isTrue();
                break;
            case EMPTY_DOCUMENT:
                assertThat(new String(document, StandardCharsets.UTF_8).isBlank())
                        .as(what)
                        .isTrue();
                break;
            case MALFORMED_ENCODED_VALUE:
                {
                    JsonNode doc = MAPPER.readTree(document);
                    long broken =
                            List.of("Items", "ShippingData", "PaymentData").stream()
                                    .filter(
                                            k ->
                                                    !parses(
                                                            doc.get(k)
                                                                    .textValue()
                                                                    .getBytes(
                                                                            StandardCharsets
                                                                                    .UTF_8)))
                                    .count();
                    assertThat(broken).as(what).isEqualTo(1);
                    assertThat(o.eventTime()).isNotNull();
                    break;
                }
            case TYPE_MISMATCH:
                {
                    JsonNode doc = MAPPER.readTree(document);
                    boolean valueIsNumber = doc.get("Value").textValue().matches("-?\\d+");
                    boolean checkedInIsBoolean =
                            doc.get("IsCheckedIn").textValue().matches("true|false");
                    assertThat(valueIsNumber && checkedInIsBoolean).as(what).isFalse();
                    break;
                }
            case MISSING_EVENT_TIME:
                {
                    JsonNode doc = MAPPER.readTree(document);
                    assertThat(isAbsent(doc.get("LastChange"))).as(what).isTrue();
                    assertThat(isAbsent(doc.get("CreationDate"))).as(what).isTrue();
                    break;
                }
            case INVALID_TIMESTAMP:
                {
                    String lastChange = MAPPER.readTree(document).get("LastChange").textValue();
                    assertThat(parseInstant(lastChange)).as(what).isNull();
                    break;
                }
            case EVENT_TIME_OUT_OF_RANGE:
                {
                    String lastChange = MAPPER.readTree(document).get("LastChange").textValue();
                    Instant parsed = parseInstant(lastChange);
                    assertThat(parsed).as(what).isBefore(Instant.parse("1700-01-01T00:00:00Z"));
                    assertThat(o.eventTime()).isEqualTo(parsed.truncatedTo(ChronoUnit.MICROS));
                    break;
                }
            case INVALID_UTF8:
                assertThat(RawText.isUtf8(document)).as(what).isFalse();
                assertThat(indexOf(document, new byte[] {(byte) 0xC3, 0x28})).isPositive();
                break;
            case NOT_AN_ORDER:
                assertThat(o.eventTime()).isNull();
                break;
            default:
                throw new AssertionError("untested kind " + o.badKind());
        }
    }

    @Test
    void everyTopLevelValueOfAValidDocumentIsAString() {
        for (GeneratedObject o : validOnes()) {
            JsonNode doc = json(o);
            assertThat(doc.isObject()).isTrue();
            doc.fields()
                    .forEachRemaining(
                            e ->
                                    assertThat(e.getValue().isTextual())
                                            .as(o.key() + " " + e.getKey())
                                            .isTrue());
        }
    }

    @Test
    void validDocumentsAreWrittenAsJacksonWritesThem() throws IOException {
        for (GeneratedObject o : validOnes()) {
            byte[] document = withoutBom(uncompressed(o));
            Map<String, String> values =
                    MAPPER.readValue(
                            document, new TypeReference<LinkedHashMap<String, String>>() {});
            assertThat(MAPPER.writeValueAsBytes(values)).as(o.key()).isEqualTo(document);
        }
    }

    @Test
    void eventTimeIsLastChangeElseCreationDateWithinTheRange() {
        int withoutLastChange = 0;
        for (GeneratedObject o : validOnes()) {
            JsonNode doc = json(o);
            JsonNode lastChange = doc.get("LastChange");
            Instant expected;
            if (isAbsent(lastChange)) {
                withoutLastChange++;
                expected = parseInstant(doc.get("CreationDate").textValue());
            } else {
                expected = parseInstant(lastChange.textValue());
                Instant created = parseInstant(doc.get("CreationDate").textValue());
                assertThat(created).isBefore(expected);
            }
            assertThat(o.eventTime())
                    .as(o.key())
                    .isEqualTo(expected.truncatedTo(ChronoUnit.MICROS));
            assertThat(o.eventTime())
                    .isAfterOrEqualTo(MIXED.eventTimeStart())
                    .isBefore(MIXED.eventTimeEnd());
        }
        assertThat(withoutLastChange).isPositive();
    }

    @Test
    void everyTimestampFormAppears() {
        Map<String, Integer> forms = new HashMap<>();
        Set<String> offsets = new HashSet<>();
        for (GeneratedObject o : validOnes()) {
            JsonNode doc = json(o);
            for (String key : List.of("LastChange", "CreationDate")) {
                JsonNode value = doc.get(key);
                if (isAbsent(value)) {
                    continue;
                }
                String text = value.textValue();
                String form = formOf(text);
                assertThat(form).as(text).isNotNull();
                forms.merge(form, 1, Integer::sum);
                offsets.add(text.endsWith("Z") ? "Z" : text.substring(text.length() - 6));
            }
            assertThat(doc.get("TimeZoneCreationDate").textValue()).matches(LOCAL_TIMESTAMP);
            JsonNode items = decoded(doc.get("Items"));
            assertThat(formOf(items.get(0).get("priceValidUntil").textValue())).isNotNull();
        }
        assertThat(forms.keySet()).containsAll(TIMESTAMP_FORMS.keySet());
        assertThat(offsets).contains("Z", "+00:00", "-03:00");
    }

    @Test
    void gzipObjectsDecompressToTheDocument() {
        int gzipped = 0;
        for (GeneratedObject o : mixed) {
            byte[] bytes = o.bytes();
            if (!o.isGzipped()) {
                assertThat(bytes.length >= 2 && bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b)
                        .isFalse();
                continue;
            }
            gzipped++;
            assertThat(bytes[0]).isEqualTo((byte) 0x1f);
            assertThat(bytes[1]).isEqualTo((byte) 0x8b);
            if (o.isValid()) {
                assertThat(parses(withoutBom(gunzip(bytes)))).isTrue();
            }
        }
        assertThat(gzipped).isBetween(450, 750);
    }

    @Test
    void validDocumentsCarryOnlyKeysTheSchemaKnowsUnlessFlagged() {
        int flagged = 0;
        for (GeneratedObject o : validOnes()) {
            SchemaCheck check = new SchemaCheck(o.entity());
            check.document(json(o));
            assertThat(check.typeProblems).as(o.key()).isEmpty();
            if (o.hasUnknownField()) {
                flagged++;
                assertThat(check.unknownPaths).as(o.key()).hasSize(1);
            } else {
                assertThat(check.unknownPaths).as(o.key()).isEmpty();
            }
        }
        assertThat(flagged).isBetween(200, 500);
    }

    @Test
    void documentsCarryEveryFieldOfTheirSchema() {
        for (Entity entity : Entity.values()) {
            Set<String> columns = new HashSet<>();
            for (GeneratedObject o : validOnes()) {
                if (o.entity() == entity) {
                    json(o).fieldNames().forEachRemaining(key -> columns.add(snakeCase(key)));
                }
            }
            for (Schema.Field field : LakeSchemas.of(entity).getFields()) {
                if (!field.name().startsWith("_")) {
                    assertThat(columns).as(entity + " documents").contains(field.name());
                }
            }
        }
    }

    @Test
    void documentsExerciseTheRestructuringRules() {
        String all =
                String.join(
                        "\n",
                        validOnes().stream()
                                .map(
                                        o ->
                                                new String(
                                                        withoutBom(uncompressed(o)),
                                                        StandardCharsets.UTF_8))
                                .toArray(String[]::new));
        assertThat(all)
                .contains("\\\"attachments\\\":[{")
                .contains("\\\"attachmentOfferings\\\":[{")
                .contains("\\\"itemAttachment\\\":")
                .contains("\\\"assemblyOptions\\\":[{")
                .contains("\\\"matchedParameters\\\":{")
                .contains("cart-extra-context")
                .contains("\"ChangesAttachment\":\"{")
                .contains("\"PackageAttachment\":\"{")
                .contains("\"CommercialConditionData\":\"Commercial")
                .contains("\"OpenTextField\":\"{")
                .contains("\\\"productCategories\\\":{\\\"");

        Set<String> connectorKeys = new HashSet<>();
        Set<Integer> itemCounts = new HashSet<>();
        for (GeneratedObject o : validOnes()) {
            JsonNode doc = json(o);
            itemCounts.add(decoded(doc.get("Items")).size());
            for (JsonNode transaction : decoded(doc.get("PaymentData")).get("transactions")) {
                for (JsonNode payment : transaction.get("payments")) {
                    JsonNode responses = payment.get("connectorResponses");
                    if (responses.isObject()) {
                        responses.fieldNames().forEachRemaining(connectorKeys::add);
                    }
                }
            }
        }
        assertThat(connectorKeys).contains("Tid", "authId", "Return Message", "acquirer.name");
        assertThat(itemCounts.size()).isGreaterThan(3);
        assertThat(validOnes()).anyMatch(o -> o.entity() == Entity.CHECKOUT);
        assertThat(validOnes()).anyMatch(o -> o.entity() == Entity.FULFILLMENT);
    }

    @Test
    void theTestsSnakeCaseFollowsTheDecodersConvention() {
        assertThat(snakeCase("LastChange")).isEqualTo("last_change");
        assertThat(snakeCase("productCategories")).isEqualTo("product_categories");
        assertThat(snakeCase("utmiPart")).isEqualTo("utmi_part");
        assertThat(snakeCase("CurrencyDecimalDigits")).isEqualTo("currency_decimal_digits");
        assertThat(snakeCase("baseURL")).isEqualTo("base_url");
        assertThat(snakeCase("TimeZoneLastChange")).isEqualTo("time_zone_last_change");
        assertThat(snakeCase("lockTTL")).isEqualTo("lock_ttl");
    }

    @Test
    void settingsRejectBadValuesByName() {
        assertThatThrownBy(() -> GeneratorSettings.builder().badShare(1.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("badShare")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> GeneratorSettings.builder().gzipShare(Double.NaN).build())
                .hasMessageContaining("gzipShare");
        assertThatThrownBy(() -> GeneratorSettings.builder().minDocumentBytes(30_000).build())
                .hasMessageContaining("minDocumentBytes")
                .hasMessageContaining("30000");
        assertThatThrownBy(() -> GeneratorSettings.builder().maxDocumentBytes(100).build())
                .hasMessageContaining("maxDocumentBytes")
                .hasMessageContaining("100");
        assertThatThrownBy(
                        () ->
                                GeneratorSettings.builder()
                                        .eventTimeEnd(Instant.parse("2018-01-01T00:00:00Z"))
                                        .build())
                .hasMessageContaining("eventTimeEnd")
                .hasMessageContaining("2018-01-01T00:00:00Z");
        assertThatThrownBy(
                        () ->
                                GeneratorSettings.builder()
                                        .eventTimeStart(Instant.parse("1990-01-01T00:00:00Z"))
                                        .build())
                .hasMessageContaining("eventTimeStart");
        assertThatThrownBy(() -> GeneratorSettings.builder().versionsPerOrder(0).build())
                .isInstanceOf(GeneratorSettings.InvalidSettingException.class)
                .extracting(e -> ((GeneratorSettings.InvalidSettingException) e).setting())
                .isEqualTo("versionsPerOrder");
        assertThat(GeneratorSettings.defaults().checkoutShare()).isEqualTo(0.5);
    }

    @Test
    void checkoutShareChoosesTheEntity() {
        GeneratorSettings onlyFulfillment =
                GeneratorSettings.builder().seed(11).checkoutShare(0).badShare(0.5).build();
        assertThat(new RawDocumentGenerator(onlyFulfillment).next(200))
                .allMatch(o -> o.entity() == Entity.FULFILLMENT);
    }

    // ---- helpers

    private static List<GeneratedObject> validOnes() {
        List<GeneratedObject> out = new ArrayList<>();
        for (GeneratedObject o : mixed) {
            if (o.isValid()) {
                out.add(o);
            }
        }
        return out;
    }

    private static byte[] uncompressed(GeneratedObject o) {
        return o.isGzipped() ? gunzip(o.bytes()) : o.bytes();
    }

    private static byte[] gunzip(byte[] bytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] withoutBom(byte[] bytes) {
        if (bytes.length >= 3
                && bytes[0] == (byte) 0xEF
                && bytes[1] == (byte) 0xBB
                && bytes[2] == (byte) 0xBF) {
            return Arrays.copyOfRange(bytes, 3, bytes.length);
        }
        return bytes;
    }

    private static JsonNode json(GeneratedObject o) {
        try {
            return MAPPER.readTree(withoutBom(uncompressed(o)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode decoded(JsonNode topLevelValue) {
        try {
            return MAPPER.readTree(topLevelValue.textValue());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean parses(byte[] json) {
        try {
            MAPPER.readTree(json);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isAbsent(JsonNode value) {
        return value == null || value.textValue().equals("null");
    }

    private static Instant parseInstant(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String formOf(String timestamp) {
        for (Map.Entry<String, Pattern> form : TIMESTAMP_FORMS.entrySet()) {
            if (form.getValue().matcher(timestamp).matches()) {
                return form.getKey();
            }
        }
        return null;
    }

    /** The decoder's column naming: {@code baseURL -> base_url} (written again here on purpose). */
    static String snakeCase(String key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean afterLowerOrDigit =
                        i > 0
                                && (Character.isLowerCase(key.charAt(i - 1))
                                        || Character.isDigit(key.charAt(i - 1)));
                boolean acronymEnds =
                        i > 0
                                && Character.isUpperCase(key.charAt(i - 1))
                                && i + 1 < key.length()
                                && Character.isLowerCase(key.charAt(i + 1));
                if (afterLowerOrDigit || acronymEnds) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Walks a raw document as the decoder will: top-level strings decoded where the schema expects
     * JSON, the restructuring drops applied, keys matched by snake_case name or alias, values
     * checked against the schema's types.
     */
    private static final class SchemaCheck {
        final Schema schema;
        final List<String> unknownPaths = new ArrayList<>();
        final List<String> typeProblems = new ArrayList<>();

        SchemaCheck(Entity entity) {
            this.schema = LakeSchemas.of(entity);
        }

        void document(JsonNode doc) {
            Iterator<Map.Entry<String, JsonNode>> it = doc.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                if (DROPPED_TOP_LEVEL.contains(key) || isAttachment(key)) {
                    continue;
                }
                Schema.Field field = field(schema, key);
                if (field == null || field.name().startsWith("_")) {
                    unknownPaths.add(key);
                    continue;
                }
                String text = e.getValue().textValue();
                if (text.equals("null")) {
                    continue;
                }
                Schema type = SchemaTyper.nonNull(field.schema());
                JsonNode value;
                if (SchemaTyper.isContainer(type)) {
                    try {
                        value = MAPPER.readTree(text);
                    } catch (JsonProcessingException ex) {
                        typeProblems.add(key + ": encoded JSON does not parse");
                        continue;
                    }
                } else {
                    value = TextNode.valueOf(text);
                }
                value(key, value, type, true);
            }
        }

        private void value(String path, JsonNode node, Schema type, boolean topLevel) {
            if (node.isNull()) {
                return;
            }
            switch (type.getType()) {
                case RECORD:
                    record(path, node, type);
                    return;
                case ARRAY:
                    if (!node.isArray()) {
                        typeProblems.add(path + ": not an array");
                        return;
                    }
                    for (JsonNode element : node) {
                        value(
                                path + "[]",
                                element,
                                SchemaTyper.nonNull(type.getElementType()),
                                false);
                    }
                    return;
                case MAP:
                    if (!node.isObject()) {
                        typeProblems.add(path + ": not an object (map)");
                        return;
                    }
                    node.forEach(
                            v ->
                                    value(
                                            path + "{}",
                                            v,
                                            SchemaTyper.nonNull(type.getValueType()),
                                            false));
                    return;
                case STRING:
                    expect(path, node.isTextual(), "text");
                    return;
                case BOOLEAN:
                    expect(
                            path,
                            topLevel ? node.textValue().matches("true|false") : node.isBoolean(),
                            "boolean");
                    return;
                case DOUBLE:
                    expect(
                            path,
                            topLevel ? node.textValue().matches("-?[0-9.]+") : node.isNumber(),
                            "double");
                    return;
                case LONG:
                    if (type.getLogicalType() instanceof LogicalTypes.TimestampMicros) {
                        expect(
                                path,
                                node.isTextual() && parseInstant(node.textValue()) != null,
                                "timestamp");
                    } else if (type.getLogicalType() instanceof LogicalTypes.LocalTimestampMicros) {
                        expect(
                                path,
                                node.isTextual() && parsesLocal(node.textValue()),
                                "local timestamp");
                    } else {
                        expect(
                                path,
                                topLevel
                                        ? node.textValue().matches("-?\\d+")
                                        : node.isIntegralNumber(),
                                "long");
                    }
                    return;
                default:
                    typeProblems.add(path + ": schema type " + type.getType() + " not covered");
            }
        }

        private void record(String path, JsonNode node, Schema type) {
            if (!node.isObject()) {
                typeProblems.add(path + ": not an object");
                return;
            }
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                String childPath = path + "." + key;
                if (isAttachment(key) || DROPPED_PATHS.contains(childPath)) {
                    continue;
                }
                Schema.Field field = field(type, key);
                if (field == null) {
                    unknownPaths.add(childPath);
                    continue;
                }
                if (childPath.equals("Items[].productCategories")) {
                    // A map {"1": "Toys"} that restructuring turns into the list of records.
                    expect(childPath, e.getValue().isObject(), "category map");
                    e.getValue()
                            .forEach(name -> expect(childPath, name.isTextual(), "category name"));
                    continue;
                }
                value(childPath, e.getValue(), SchemaTyper.nonNull(field.schema()), false);
            }
        }

        private void expect(String path, boolean ok, String what) {
            if (!ok) {
                typeProblems.add(path + ": not a " + what);
            }
        }

        private static boolean parsesLocal(String text) {
            try {
                LocalDateTime.parse(text);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }

        private static boolean isAttachment(String key) {
            return key.toLowerCase(Locale.ROOT).contains("attachment");
        }

        private static Schema.Field field(Schema record, String sourceKey) {
            String name = snakeCase(sourceKey);
            for (Schema.Field f : record.getFields()) {
                if (f.name().equals(name) || f.aliases().contains(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    @Test
    void expectedReasonsAreTheDeadLetterReasons() {
        for (BadDocumentKind kind : BadDocumentKind.values()) {
            assertThat(kind.expectedReason()).isEqualTo(DeadLetterReason.valueOf(kind.name()));
        }
    }
}
