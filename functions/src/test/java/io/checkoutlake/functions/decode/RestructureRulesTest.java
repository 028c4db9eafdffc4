package io.checkoutlake.functions.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestructureRulesTest {
    private final RestructureRules legacy = RestructureRules.legacyDefaults();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "attachments",
                "attachmentOfferings",
                "itemAttachment",
                "PackageAttachment",
                "ChangesAttachment",
                "ATTACHMENT",
                "x_attachment_y",
            })
    void everyKeyContainingAttachmentIsDropped(String key) {
        assertThat(legacy.dropsKey(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"attach", "items", "additionalInfo", "assemblyOptions", "Attache", ""})
    void otherKeysAreNotDroppedByName(String key) {
        assertThat(legacy.dropsKey(key)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CustomData",
                "CommercialConditionData",
                "OpenTextField",
                "PackageAttachment",
                "ChangesAttachment",
            })
    void wholeTopLevelKeysDropped(String key) {
        assertThat(legacy.dropsTopLevel(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Items",
                "ItemMetadata",
                "RatesAndBenefitsData",
                "PaymentData",
                "LastChange",
                "customApps",
                "fields",
            })
    void otherTopLevelKeysAreKept(String key) {
        assertThat(legacy.dropsTopLevel(key)).isFalse();
    }

    @Test
    void legacyPathsAreParsed() {
        assertThat(legacy.dropKeysContaining()).containsExactly("attachment");
        assertThat(legacy.dropPaths())
                .contains(
                        Arrays.asList("ItemMetadata", "items", "[]", "assemblyOptions"),
                        Arrays.asList(
                                "RatesAndBenefitsData",
                                "rateAndBenefitsIdentifiers",
                                "[]",
                                "matchedParameters"),
                        Arrays.asList(
                                "RatesAndBenefitsData",
                                "rateAndBenefitsIdentifiers",
                                "[]",
                                "additionalInfo"),
                        Arrays.asList(
                                "CustomData", "customApps", "[]", "fields", "cart-extra-context"),
                        Arrays.asList("CustomData"),
                        Arrays.asList("CommercialConditionData"),
                        Arrays.asList("OpenTextField"));
        assertThat(legacy.dropPaths()).noneMatch(p -> p.contains("Items"));
        assertThat(legacy.mapToListPaths())
                .containsExactly(Arrays.asList("Items", "[]", "productCategories"));
    }

    @Test
    void parseSplitsArrayMarkers() {
        assertThat(RestructureRules.parse("a.b[].c")).containsExactly("a", "b", "[]", "c");
        assertThat(RestructureRules.parse("a[]")).containsExactly("a", "[]");
        assertThat(RestructureRules.parse("single")).containsExactly("single");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a..b", ".a", "a.", "a.b.", "Items[].", "[]", "a.[].b", "..", "."})
    void malformedDropPathIsRejectedNamingThePath(String path) {
        assertThatThrownBy(() -> RestructureRules.builder().dropPath(path).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + path + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Items[]..productCategories", "Items[].productCategories.", ".x"})
    void malformedMapToListPathIsRejectedNamingThePath(String path) {
        assertThatThrownBy(() -> RestructureRules.builder().mapToList(path).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + path + "'");
    }

    @Test
    void emptyAndNullPathsAreRejected() {
        assertThatThrownBy(() -> RestructureRules.builder().dropPath("").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> RestructureRules.builder().mapToList(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void anEmptyDropSubstringWouldDropEverythingAndIsRejected() {
        assertThatThrownBy(() -> RestructureRules.builder().dropKeysContaining("x", "").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dropSubstringsAreCaseInsensitive() {
        RestructureRules rules = RestructureRules.builder().dropKeysContaining("SeCrEt").build();
        assertThat(rules.dropKeysContaining()).containsExactly("secret");
        assertThat(rules.dropsKey("mySECRETkey")).isTrue();
        assertThat(rules.dropsKey("public")).isFalse();
    }

    @Test
    void noRulesDropNothing() {
        RestructureRules none = RestructureRules.builder().build();
        assertThat(none.dropsKey("attachments")).isFalse();
        assertThat(none.dropsTopLevel("CustomData")).isFalse();
        assertThat(none.dropPaths()).isEmpty();
        assertThat(none.mapToListPaths()).isEmpty();
    }

    @Test
    void toStringNamesTheRules() {
        assertThat(legacy.toString())
                .contains("attachment")
                .contains("ItemMetadata.items[].assemblyOptions")
                .contains("Items[].productCategories");
    }

    @Test
    void javaSerializationKeepsTheRules() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(legacy);
        }
        RestructureRules copy;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (RestructureRules) in.readObject();
        }
        assertThat(copy.toString()).isEqualTo(legacy.toString());
        assertThat(copy.dropPaths()).isEqualTo(legacy.dropPaths());
        assertThat(copy.mapToListPaths()).isEqualTo(legacy.mapToListPaths());
        assertThat(copy.dropsKey("itemAttachment")).isTrue();
        assertThat(copy.dropsTopLevel("OpenTextField")).isTrue();
    }
}
