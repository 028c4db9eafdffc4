package io.checkoutlake.functions.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestructurerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Restructurer legacy = new Restructurer(RestructureRules.legacyDefaults());

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    @Test
    void attachmentKeysAreRemovedAtAnyDepth() throws Exception {
        JsonNode items =
                json(
                        "[{'id':'18',"
                                + "'attachments':[{'name':'Engraving','content':{'Text line 1':'x'}}],"
                                + "'attachmentOfferings':[{'name':'vtex.subscription.weekly'}],"
                                + "'bundleItems':[{'id':'b1','itemAttachment':{'name':'n','content':{}}}],"
                                + "'deep':{'a':[{'b':{'PackageAttachment':{'k':1},'keep':true}}]},"
                                + "'ChangesAttachment':{'changesData':[]}}]");
        JsonNode out = legacy.apply("Items", items);

        assertThat(out.toString())
                .isEqualTo(
                        json("[{'id':'18','bundleItems':[{'id':'b1'}],'deep':{'a':[{'b':{'keep':true}}]}}]")
                                .toString());
        assertThat(out.toString().toLowerCase()).doesNotContain("attachment");
    }

    @Test
    void attachmentKeysAreRemovedUnderAnyTopLevelKey() throws Exception {
        JsonNode value = json("{'packages':[{'courier':'c','PackageAttachment':{'x':1}}]}");
        JsonNode out = legacy.apply("ShippingData", value);
        assertThat(out).isEqualTo(json("{'packages':[{'courier':'c'}]}"));
    }

    @Test
    void attachmentTopLevelKeysAreDroppedWhole() {
        assertThat(legacy.dropsTopLevel("ChangesAttachment")).isTrue();
        assertThat(legacy.dropsTopLevel("PackageAttachment")).isTrue();
        assertThat(legacy.dropsTopLevel("Items")).isFalse();
    }

    @Test
    void assemblyOptionsOfItemMetadataItemsAreRemoved() throws Exception {
        JsonNode value =
                json(
                        "{'items':[{'id':'18','assemblyOptions':[{'id':'a','inputValues':{'k k':{}}}],'name':'n'},"
                                + "{'id':'19','assemblyOptions':[]}],"
                                + "'assemblyOptions':'kept: not under items[]'}");
        JsonNode out = legacy.apply("ItemMetadata", value);
        assertThat(out)
                .isEqualTo(
                        json(
                                "{'items':[{'id':'18','name':'n'},{'id':'19'}],"
                                        + "'assemblyOptions':'kept: not under items[]'}"));
    }

    @Test
    void assemblyOptionsUnderAnotherTopLevelKeyAreKept() throws Exception {
        JsonNode value = json("[{'assemblyOptions':[1]}]");
        assertThat(legacy.apply("Items", value)).isEqualTo(json("[{'assemblyOptions':[1]}]"));
    }

    @Test
    void matchedParametersAndAdditionalInfoOfRateAndBenefitsIdentifiersAreRemoved()
            throws Exception {
        JsonNode value =
                json(
                        "{'rateAndBenefitsIdentifiers':[{'id':'p1','name':'10 off',"
                                + "'matchedParameters':{'Seller@CatalogSystem':'1|inclusive'},"
                                + "'additionalInfo':{'any key':'v'}},{'id':'p2','additionalInfo':null}],"
                                + "'teaser':[{'additionalInfo':'teaser keeps it'}]}");
        JsonNode out = legacy.apply("RatesAndBenefitsData", value);
        assertThat(out)
                .isEqualTo(
                        json(
                                "{'rateAndBenefitsIdentifiers':[{'id':'p1','name':'10 off'},{'id':'p2'}],"
                                        + "'teaser':[{'additionalInfo':'teaser keeps it'}]}"));
    }

    @Test
    void itemsAdditionalInfoIsKept() throws Exception {
        JsonNode value =
                json(
                        "[{'id':'18','additionalInfo':{'brandName':'Lux Brand','brandId':'2000000'}}]");
        JsonNode out = legacy.apply("Items", value);
        assertThat(out.get(0).get("additionalInfo"))
                .isEqualTo(json("{'brandName':'Lux Brand','brandId':'2000000'}"));
    }

    @Test
    void cartExtraContextOfCustomAppFieldsIsRemoved() throws Exception {
        JsonNode value =
                json(
                        "{'customApps':[{'id':'profile','major':1,"
                                + "'fields':{'age':'31','cart-extra-context':'{\\'foo\\':\\'bar\\'}'}},"
                                + "{'id':'other','fields':{'cart-extra-context':'x'}}]}");
        JsonNode out = legacy.apply("CustomData", value);
        assertThat(out)
                .isEqualTo(
                        json(
                                "{'customApps':[{'id':'profile','major':1,'fields':{'age':'31'}},"
                                        + "{'id':'other','fields':{}}]}"));
        // and CustomData as a whole is not carried by the legacy rules
        assertThat(legacy.dropsTopLevel("CustomData")).isTrue();
    }

    @Test
    void productCategoriesMapBecomesAnOrderedListOfIdAndName() throws Exception {
        JsonNode value =
                json(
                        "[{'id':'18','productCategories':{'10':'Robots','1':'Toys','2':'Zeta'}},"
                                + "{'id':'19','productCategories':{}},"
                                + "{'id':'20'}]");
        JsonNode out = legacy.apply("Items", value);

        JsonNode first = out.get(0).get("productCategories");
        assertThat(first.isArray()).isTrue();
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode entry : first) {
            assertThat(entry.size()).isEqualTo(2);
            ids.add(entry.get("id").textValue());
            names.add(entry.get("name").textValue());
        }
        // document order, not sorted
        assertThat(ids).containsExactly("10", "1", "2");
        assertThat(names).containsExactly("Robots", "Toys", "Zeta");
        assertThat(out.get(1).get("productCategories")).isEqualTo(json("[]"));
        assertThat(out.get(2).has("productCategories")).isFalse();
    }

    @Test
    void productCategoriesThatAreNotAMapAreLeftAsTheyAre() throws Exception {
        JsonNode value =
                json(
                        "[{'productCategories':[{'id':'1','name':'Toys'}]},{'productCategories':null}]");
        JsonNode out = legacy.apply("Items", value);
        assertThat(out)
                .isEqualTo(
                        json(
                                "[{'productCategories':[{'id':'1','name':'Toys'}]},{'productCategories':null}]"));
    }

    @Test
    void productCategoriesElsewhereAreNotConverted() throws Exception {
        JsonNode value = json("{'items':[{'productCategories':{'1':'Toys'}}]}");
        assertThat(legacy.apply("ItemMetadata", value))
                .isEqualTo(json("{'items':[{'productCategories':{'1':'Toys'}}]}"));
    }

    @Test
    void mapToListPreservesNonTextNames() throws Exception {
        JsonNode out = Restructurer.mapToList(json("{'1':{'n':1},'2':null}"));
        assertThat(out).isEqualTo(json("[{'id':'1','name':{'n':1}},{'id':'2','name':null}]"));
        assertThat(Restructurer.mapToList(TextNode.valueOf("x"))).isEqualTo(TextNode.valueOf("x"));
    }

    @Test
    void pathsNotMatchingTheShapeAreIgnored() throws Exception {
        // an array where the rule expects an object, and a scalar where it expects an array
        assertThat(legacy.apply("ItemMetadata", json("[1,2]"))).isEqualTo(json("[1,2]"));
        assertThat(legacy.apply("ItemMetadata", json("{'items':'text'}")))
                .isEqualTo(json("{'items':'text'}"));
        assertThat(legacy.apply("Items", json("{'productCategories':{'1':'a'}}")))
                .isEqualTo(json("{'productCategories':{'1':'a'}}"));
        assertThat(legacy.apply("Items", TextNode.valueOf("not json")))
                .isEqualTo(TextNode.valueOf("not json"));
    }

    @Test
    void customRulesIncludingATopLevelMapToList() throws Exception {
        Restructurer r =
                new Restructurer(
                        RestructureRules.builder()
                                .mapToList("Categories")
                                .dropPath("Data.a.b")
                                .mapToList("Data.list[]")
                                .build());
        assertThat(r.apply("Categories", json("{'1':'x'}")))
                .isEqualTo(json("[{'id':'1','name':'x'}]"));
        assertThat(r.apply("Data", json("{'a':{'b':1,'c':2},'list':[{'k':'v'}],'attachments':1}")))
                .isEqualTo(json("{'a':{'c':2},'list':[[{'id':'k','name':'v'}]],'attachments':1}"));
        assertThat(r.dropsTopLevel("Data")).isFalse();
    }
}
