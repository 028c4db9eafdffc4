package io.checkoutlake.functions.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "LastChange, last_change",
        "CreationDate, creation_date",
        "TimeZoneLastChange, time_zone_last_change",
        "OrderFormId, order_form_id",
        "productCategories, product_categories",
        "baseURL, base_url",
        "URLBase, url_base",
        "HTMLParser, html_parser",
        "utmiPart, utmi_part",
        "utmSource, utm_source",
        "CurrencyDecimalDigits, currency_decimal_digits",
        "cart-extra-context, cart_extra_context",
        "already_snake, already_snake",
        "id, id",
        "ID, id",
        "address1Line, address1_line",
        "a--b, a_b",
        "trailing-, trailing",
        "with space, with_space",
        "Seller@CatalogSystem, seller_catalog_system",
        "vtex.subscription.key, vtex_subscription_key",
        "optinNewsLetter, optin_news_letter",
        "isPickupStore, is_pickup_store",
    })
    void snakeCase(String key, String expected) {
        assertThat(FieldNames.toSnakeCase(key)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"LastChange, lastChange", "salesChannel, SalesChannel", "URL, url"})
    void keysDifferingOnlyInCaseOfTheFirstLetterMapToTheSameColumn(String a, String b) {
        assertThat(FieldNames.toSnakeCase(a)).isEqualTo(FieldNames.toSnakeCase(b));
    }
}
