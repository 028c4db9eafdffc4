package io.checkoutlake.functions.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.checkoutlake.functions.model.DeadLetterReason;
import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.functions.time.Timestamps;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaTyperTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Schema CHECKOUT = LakeSchemas.of(Entity.CHECKOUT);

    private SchemaTyper typer;
    private SchemaTyper.Unknowns unknowns;

    @BeforeEach
    void setUp() {
        typer = new SchemaTyper();
        unknowns = new SchemaTyper.Unknowns(JsonNodeFactory.instance.objectNode());
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    private static Schema field(String name) {
        return CHECKOUT.getField(name).schema();
    }

    private Object top(String column, JsonNode value, String path) throws DecodeException {
        return typer.toValue(value, field(column), path, unknowns);
    }

    private DecodeException failure(String column, JsonNode value, String path) {
        return catchThrowableOfType(DecodeException.class, () -> top(column, value, path));
    }

    // ---- strings ------------------------------------------------------------------------

    @Test
    void stringStaysStringForNumbersAndBooleans() throws Exception {
        assertThat(top("sales_channel", TextNode.valueOf("1"), "SalesChannel")).isEqualTo("1");
        assertThat(top("sales_channel", IntNode.valueOf(1), "SalesChannel")).isEqualTo("1");
        assertThat(top("sales_channel", LongNode.valueOf(12345678901L), "SalesChannel"))
                .isEqualTo("12345678901");
        assertThat(top("sales_channel", BooleanNode.TRUE, "SalesChannel")).isEqualTo("true");
        assertThat(top("sales_channel", TextNode.valueOf(""), "SalesChannel")).isEqualTo("");
        assertThat(top("sales_channel", NullNode.getInstance(), "SalesChannel")).isNull();
        assertThat(top("sales_channel", null, "SalesChannel")).isNull();
    }

    @Test
    void containerForAStringIsATypeMismatch() throws Exception {
        DecodeException e = failure("sales_channel", json("{'a':'PLANTED'}"), "SalesChannel");
        assertThat(e.reason()).isEqualTo(DeadLetterReason.TYPE_MISMATCH);
        assertThat(e.detail())
                .contains("SalesChannel")
                .contains("string")
                .doesNotContain("PLANTED");
    }

    // ---- longs --------------------------------------------------------------------------

    @Test
    void longFromTextIntegerAndIntegralDouble() throws Exception {
        assertThat(top("value", TextNode.valueOf("1290"), "Value")).isEqualTo(1290L);
        assertThat(top("value", IntNode.valueOf(1290), "Value")).isEqualTo(1290L);
        assertThat(top("value", DoubleNode.valueOf(1290.0), "Value")).isEqualTo(1290L);
        assertThat(top("value", TextNode.valueOf("1290.0"), "Value")).isEqualTo(1290L);
        assertThat(top("value", TextNode.valueOf(" 1290 "), "Value")).isEqualTo(1290L);
        assertThat(top("value", TextNode.valueOf("-1000"), "Value")).isEqualTo(-1000L);
        assertThat(top("value", LongNode.valueOf(Long.MAX_VALUE), "Value"))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(top("value", DecimalNode.valueOf(new BigDecimal("1290.000")), "Value"))
                .isEqualTo(1290L);
        assertThat(top("value", json("1290"), "Value")).isInstanceOf(Long.class);
    }

    @Test
    void fractionalTextForALongIsATypeMismatchNamingThePathButNotTheValue() {
        DecodeException e = failure("value", TextNode.valueOf("12.5"), "Value");
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(DeadLetterReason.TYPE_MISMATCH);
        assertThat(e.detail()).contains("Value").contains("long").doesNotContain("12.5");
    }

    @Test
    void otherValuesThatAreNotLongs() throws Exception {
        for (JsonNode bad :
                new JsonNode[] {
                    DoubleNode.valueOf(12.5),
                    TextNode.valueOf("98765x"),
                    TextNode.valueOf("98765432109876543210"),
                    json("98765432109876543210"),
                    BooleanNode.TRUE,
                    json("[98765]"),
                    json("{'v':98765}"),
                }) {
            DecodeException e = failure("value", bad, "Value");
            assertThat(e).as("%s", bad).isNotNull();
            assertThat(e.reason()).as("%s", bad).isEqualTo(DeadLetterReason.TYPE_MISMATCH);
            assertThat(e.detail()).as("%s", bad).startsWith("Value:").doesNotContain("98765");
        }
    }

    @Test
    void emptyTextInANonStringFieldIsNull() throws Exception {
        assertThat(top("value", TextNode.valueOf(""), "Value")).isNull();
        assertThat(top("is_checked_in", TextNode.valueOf(""), "IsCheckedIn")).isNull();
        assertThat(top("last_change", TextNode.valueOf(""), "LastChange")).isNull();
        assertThat(top("sales_channel", TextNode.valueOf(""), "SalesChannel")).isEqualTo("");
    }

    @Test
    void nonFiniteNumbersForALongAreATypeMismatchNotACrash() throws Exception {
        // 1e400 overflows a double: Jackson reads it as Infinity
        for (String text : new String[] {"1e400", "-1e400"}) {
            JsonNode node = json(text);
            DecodeException e = failure("value", node, "Value");
            assertThat(e).as(text).isNotNull();
            assertThat(e.reason()).isEqualTo(DeadLetterReason.TYPE_MISMATCH);
        }
        assertThat(failure("value", DoubleNode.valueOf(Double.NaN), "Value").reason())
                .isEqualTo(DeadLetterReason.TYPE_MISMATCH);
        assertThat(failure("value", TextNode.valueOf("NaN"), "Value").reason())
                .isEqualTo(DeadLetterReason.TYPE_MISMATCH);
    }

    // ---- booleans and doubles -----------------------------------------------------------

    @Test
    void booleanFromText() throws Exception {
        assertThat(top("is_checked_in", TextNode.valueOf("false"), "IsCheckedIn")).isEqualTo(false);
        assertThat(top("is_checked_in", TextNode.valueOf("true"), "IsCheckedIn")).isEqualTo(true);
        assertThat(top("is_checked_in", TextNode.valueOf("TRUE"), "IsCheckedIn")).isEqualTo(true);
        assertThat(top("is_checked_in", BooleanNode.FALSE, "IsCheckedIn")).isEqualTo(false);
        for (JsonNode bad : new JsonNode[] {TextNode.valueOf("yes"), IntNode.valueOf(1)}) {
            DecodeException e = failure("is_checked_in", bad, "IsCheckedIn");
            assertThat(e).as("%s", bad).isNotNull();
            assertThat(e.reason()).isEqualTo(DeadLetterReason.TYPE_MISMATCH);
            assertThat(e.detail()).contains("IsCheckedIn").contains("boolean");
        }
    }

    @Test
    void doubleFromNumberAndText() throws Exception {
        Schema item = SchemaTyper.nonNull(field("items")).getElementType();
        GenericRecord r =
                typer.toRecord(json("{'unitMultiplier':'1.5'}"), item, "Items[]", unknowns);
        assertThat(r.get("unit_multiplier")).isEqualTo(1.5d);
        r = typer.toRecord(json("{'unitMultiplier':2}"), item, "Items[]", unknowns);
        assertThat(r.get("unit_multiplier")).isEqualTo(2.0d);
        DecodeException e =
                catchThrowableOfType(
                        DecodeException.class,
                        () ->
                                typer.toRecord(
                                        json("{'unitMultiplier':'SECRET'}"),
                                        item,
                                        "Items[]",
                                        unknowns));
        assertThat(e.reason()).isEqualTo(DeadLetterReason.TYPE_MISMATCH);
        assertThat(e.detail()).isEqualTo("Items[].unitMultiplier: expected double, got text");
    }

    // ---- timestamps ---------------------------------------------------------------------

    @Test
    void timestampsBecomeEpochMicros() throws Exception {
        assertThat(
                        top(
                                "last_change",
                                TextNode.valueOf("2019-08-23T17:02:11.7010747Z"),
                                "LastChange"))
                .isEqualTo(1_566_579_731_701_074L);
        assertThat(
                        top(
                                "creation_date",
                                TextNode.valueOf("2021-07-13T22:30:00-03:00"),
                                "CreationDate"))
                .isEqualTo(Timestamps.toEpochMicros(Instant.parse("2021-07-14T01:30:00Z")));
    }

    @Test
    void invalidTimestampNamesThePathNotTheValue() {
        DecodeException e =
                failure("last_change", TextNode.valueOf("2019-99-PLANTED"), "LastChange");
        assertThat(e.reason()).isEqualTo(DeadLetterReason.INVALID_TIMESTAMP);
        assertThat(e.detail())
                .startsWith("LastChange")
                .doesNotContain("PLANTED")
                .doesNotContain("2019");
        DecodeException n = failure("last_change", LongNode.valueOf(1566579731L), "LastChange");
        assertThat(n.reason()).isEqualTo(DeadLetterReason.TYPE_MISMATCH);
        assertThat(n.detail()).doesNotContain("1566579731");
    }

    @Test
    void timeZoneFieldsAreLocalTimestamps() throws Exception {
        assertThat(field("time_zone_last_change").getTypes().get(1).getLogicalType().getName())
                .isEqualTo("local-timestamp-micros");
        long expected = Timestamps.toEpochMicros(Instant.parse("2021-07-13T15:33:25.302944Z"));
        assertThat(
                        top(
                                "time_zone_last_change",
                                TextNode.valueOf("2021-07-13T15:33:25.3029443"),
                                "TimeZoneLastChange"))
                .isEqualTo(expected);
        // an offset on a store-local value is ignored: the wall clock is what counts
        assertThat(
                        top(
                                "time_zone_creation_date",
                                TextNode.valueOf("2021-07-13T15:33:25.3029443-03:00"),
                                "TimeZoneCreationDate"))
                .isEqualTo(expected);
        DecodeException e =
                failure("time_zone_last_change", TextNode.valueOf("garbage"), "TimeZoneLastChange");
        assertThat(e.reason()).isEqualTo(DeadLetterReason.INVALID_TIMESTAMP);
        assertThat(e.detail()).startsWith("TimeZoneLastChange");
    }

    // ---- maps, aliases, records, arrays -------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void paymentRecordWithAliasAndFreeFormConnectorResponses() throws Exception {
        JsonNode payment =
                json(
                        "{'transactions':[{'isActive':true,'payments':[{'id':'P1','group':'creditCard','value':'1290',"
                                + "'connectorResponses':{'Tid':'65738757','ReturnCode':200,'ok':true,"
                                + "'nested':{'a':[1,{'b':'c'}]},'list':[1,2],'none':null}}]}]}");
        GenericRecord r = (GenericRecord) top("payment_data", payment, "PaymentData");
        List<GenericRecord> transactions = (List<GenericRecord>) r.get("transactions");
        assertThat(transactions).hasSize(1);
        assertThat(transactions.get(0).get("is_active")).isEqualTo(true);
        GenericRecord p = ((List<GenericRecord>) transactions.get(0).get("payments")).get(0);
        assertThat(p.get("payment_group")).isEqualTo("creditCard");
        assertThat(p.get("value")).isEqualTo(1290L);
        Map<String, Object> responses = (Map<String, Object>) p.get("connector_responses");
        assertThat(responses)
                .containsEntry("Tid", "65738757")
                .containsEntry("ReturnCode", "200")
                .containsEntry("ok", "true")
                .containsEntry("nested", "{\"a\":[1,{\"b\":\"c\"}]}")
                .containsEntry("list", "[1,2]")
                .containsEntry("none", null)
                .hasSize(6);
        assertThat(unknowns.isEmpty()).isTrue();
    }

    @Test
    void fieldLookupBySnakeCaseAndAlias() {
        Schema payment =
                SchemaTyper.nonNull(
                        SchemaTyper.nonNull(
                                        SchemaTyper.nonNull(
                                                        SchemaTyper.nonNull(field("payment_data"))
                                                                .getField("transactions")
                                                                .schema())
                                                .getElementType()
                                                .getField("payments")
                                                .schema())
                                .getElementType());
        assertThat(typer.fieldFor(payment, "group").name()).isEqualTo("payment_group");
        assertThat(typer.fieldFor(payment, "paymentGroup").name()).isEqualTo("payment_group");
        assertThat(typer.fieldFor(payment, "payment_group").name()).isEqualTo("payment_group");
        assertThat(typer.fieldFor(payment, "connectorResponses").name())
                .isEqualTo("connector_responses");
        assertThat(typer.fieldFor(CHECKOUT, "OrderFormId").name()).isEqualTo("order_form_id");
        assertThat(typer.fieldFor(CHECKOUT, "orderFormId").name()).isEqualTo("order_form_id");
        assertThat(typer.fieldFor(CHECKOUT, "NoSuchKey")).isNull();
    }

    @Test
    void unknownNestedKeysAreReportedWithTheirPath() throws Exception {
        JsonNode payment =
                json(
                        "{'transactions':[{'payments':[{'id':'P1','brandNew':{'x':1}}],'txExtra':'t'}],"
                                + "'topExtra':[1]}");
        GenericRecord r = (GenericRecord) top("payment_data", payment, "PaymentData");
        assertThat(r.get("transactions")).isNotNull();
        assertThat(unknowns.isEmpty()).isFalse();
        assertThat(unknowns.fields())
                .isEqualTo(
                        json(
                                "{'PaymentData.transactions[].payments[].brandNew':{'x':1},"
                                        + "'PaymentData.transactions[].txExtra':'t',"
                                        + "'PaymentData.topExtra':[1]}"));
    }

    @Test
    void aSecondKeyForTheSameFieldIsUnknownNotAnOverwrite() throws Exception {
        Schema marketing = SchemaTyper.nonNull(field("marketing_data"));
        GenericRecord r =
                typer.toRecord(
                        json("{'utmSource':'fb','utm_source':'google'}"),
                        marketing,
                        "MarketingData",
                        unknowns);
        assertThat(r.get("utm_source")).isEqualTo("fb");
        assertThat(unknowns.fields()).isEqualTo(json("{'MarketingData.utm_source':'google'}"));
    }

    @Test
    void unknownKeysHoldingOnlyNullAreNotReported() throws Exception {
        // A null carries no data: a known field that is null and one that is absent look the same
        // in a row, so an unknown null must not turn _extra on for every document.
        Schema marketing = SchemaTyper.nonNull(field("marketing_data"));
        typer.toRecord(
                json("{'utmSource':'fb','gone':null}"), marketing, "MarketingData", unknowns);
        assertThat(unknowns.isEmpty()).isTrue();
        typer.toRecord(json("{'kept':{'x':null}}"), marketing, "MarketingData", unknowns);
        assertThat(unknowns.fields()).isEqualTo(json("{'MarketingData.kept':{'x':null}}"));
    }

    @Test
    void recordsAndArraysOfTheWrongShape() throws Exception {
        DecodeException e = failure("items", json("{'id':'PLANTED'}"), "Items");
        assertThat(e.reason()).isEqualTo(DeadLetterReason.TYPE_MISMATCH);
        assertThat(e.detail()).isEqualTo("Items: expected array, got object");

        e = failure("marketing_data", TextNode.valueOf("PLANTED"), "MarketingData");
        assertThat(e.detail()).isEqualTo("MarketingData: expected object, got text");

        e = failure("items", json("[{'quantity':'PLANTED'}]"), "Items");
        assertThat(e.detail()).isEqualTo("Items[].quantity: expected long, got text");

        JsonNode payment =
                json("{'transactions':[{'payments':[{'connectorResponses':['PLANTED']}]}]}");
        e = failure("payment_data", payment, "PaymentData");
        assertThat(e.detail())
                .isEqualTo(
                        "PaymentData.transactions[].payments[].connectorResponses: expected object (map), got array");
    }

    @Test
    void nullInsideANonNullableArrayIsATypeMismatchNamingThePath() throws Exception {
        Schema marketing = SchemaTyper.nonNull(field("marketing_data"));
        DecodeException e =
                catchThrowableOfType(
                        DecodeException.class,
                        () ->
                                typer.toRecord(
                                        json("{'marketingTags':['a',null]}"),
                                        marketing,
                                        "MarketingData",
                                        unknowns));
        assertThat(e.reason()).isEqualTo(DeadLetterReason.TYPE_MISMATCH);
        assertThat(e.detail())
                .isEqualTo("MarketingData.marketingTags[]: null where the schema requires a value");
    }

    @Test
    @SuppressWarnings("unchecked")
    void arraysOfRecordsAndProductCategoryLists() throws Exception {
        JsonNode items =
                json(
                        "[{'id':'18','quantity':'2','isGift':'false','price':990,"
                                + "'productCategories':[{'id':'1','name':'Toys'},{'id':'10','name':'Robots'}],"
                                + "'additionalInfo':{'brandName':'Lux','dimension':{'height':'1.5'}}}]");
        List<GenericRecord> out = (List<GenericRecord>) top("items", items, "Items");
        GenericRecord item = out.get(0);
        assertThat(item.get("id")).isEqualTo("18");
        assertThat(item.get("quantity")).isEqualTo(2L);
        assertThat(item.get("is_gift")).isEqualTo(false);
        assertThat(item.get("price")).isEqualTo(990L);
        assertThat(item.get("name")).isNull();
        List<GenericRecord> cats = (List<GenericRecord>) item.get("product_categories");
        assertThat(cats).extracting(c -> c.get("id")).containsExactly("1", "10");
        assertThat(cats).extracting(c -> c.get("name")).containsExactly("Toys", "Robots");
        GenericRecord info = (GenericRecord) item.get("additional_info");
        assertThat(info.get("brand_name")).isEqualTo("Lux");
        assertThat(((GenericRecord) info.get("dimension")).get("height")).isEqualTo(1.5d);
        assertThat(GenericData.get().validate(field("items"), out)).isTrue();
    }

    @Test
    void nullWhereTheSchemaRequiresAValue() {
        Schema required = SchemaBuilder.builder().longType();
        assertThatThrownBy(() -> typer.toValue(NullNode.getInstance(), required, "X.y", unknowns))
                .isInstanceOf(DecodeException.class)
                .hasMessage("X.y: null where the schema requires a value");
    }

    @Test
    void schemaHelpers() {
        assertThat(SchemaTyper.isNullable(field("value"))).isTrue();
        assertThat(SchemaTyper.isNullable(CHECKOUT.getField("_event_time").schema())).isFalse();
        assertThat(SchemaTyper.nonNull(field("value")).getType()).isEqualTo(Schema.Type.LONG);
        assertThat(SchemaTyper.isContainer(field("items"))).isTrue();
        assertThat(SchemaTyper.isContainer(field("payment_data"))).isTrue();
        assertThat(SchemaTyper.isContainer(field("value"))).isFalse();
        assertThat(SchemaTyper.isContainer(field("last_change"))).isFalse();
    }
}
