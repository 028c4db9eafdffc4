package io.checkoutlake.tools.generator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkoutlake.functions.model.Entity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of one document version before it is written: everything already drawn, so that
 * {@link DocumentRenderer} is deterministic and can render it again after {@link DocumentSizer}
 * grew it.
 */
final class OrderDraft {
    /** Which field, if any, the schema does not know. */
    enum UnknownField {
        NONE,
        /** Top-level {@code "LoyaltyTier": "gold"}. */
        TOP_LEVEL_LOYALTY_TIER,
        /** {@code Items[0].giftWrapColor}. */
        ITEM_GIFT_WRAP_COLOR,
        /** {@code ShippingData.address.doorCode}. */
        ADDRESS_DOOR_CODE
    }

    // The top-level keys in document order. Value, Items, ItemMetadata, Totalizers (Totals),
    // ShippingData and PaymentData follow from the items and are filled in at each render.
    private static final String[] CHECKOUT_KEYS =
            Words.list(
                    "OrderFormId|InstanceId|SalesChannel|Value|IsCheckedIn|CommercialConditionData"
                            + "|GiftRegistryData|CreationDate|LastChange|TimeZoneCreationDate"
                            + "|TimeZoneLastChange|Items|ItemMetadata|Totalizers|ShippingData"
                            + "|PaymentData|MarketingData|RatesAndBenefitsData|CustomData"
                            + "|OpenTextField|StorePreferencesData|Sellers|ClientPreferencesData"
                            + "|ClientProfileData");
    private static final String[] FULFILLMENT_KEYS =
            Words.list(
                    "OrderId|Sequence|MarketplaceOrderId|SellerOrderId|Origin|AffiliateId"
                            + "|SalesChannel|MerchantName|Status|StatusDescription|WorkflowIsInError"
                            + "|Value|CreationDate|LastChange|TimeZoneCreationDate|TimeZoneLastChange"
                            + "|AuthorizedDate|InvoicedDate|OrderGroup|Hostname|IsCompleted"
                            + "|OrderFormId|AllowCancellation|AllowEdition|IsCheckedIn|CancelReason"
                            + "|Totals|Items|Sellers|ClientProfileData|ShippingData|PaymentData"
                            + "|MarketingData|RatesAndBenefitsData|StorePreferencesData"
                            + "|ClientPreferencesData|CancellationData|GiftRegistryData|CustomData"
                            + "|CommercialConditionData|OpenTextField|ChangesAttachment"
                            + "|PackageAttachment");

    final OrderPlan plan;
    final int version;
    final UnknownField unknownField;

    /**
     * Top-level values: a string is written as is, a JSON node JSON-encoded, null as {@code
     * "null"}; a key left out is absent from the document.
     */
    final Map<String, Object> fields = new LinkedHashMap<>();

    /** LastChange, else CreationDate, as written (a form without fraction drops the digits). */
    Instant eventTime;

    final List<ItemDraft> items = new ArrayList<>();
    ArrayNode sellers;
    ObjectNode shippingAddress;
    ObjectNode selectedAddress;

    /** The transaction, its payments without values: those follow from the items. */
    ObjectNode transaction;

    ArrayNode payments;

    /** Share of the order value each payment but the last covers. */
    double[] paymentShares;

    ArrayNode giftCards;

    OrderDraft(OrderPlan plan, int version, UnknownField unknownField) {
        this.plan = plan;
        this.version = version;
        this.unknownField = unknownField;
        for (String key : isCheckout() ? CHECKOUT_KEYS : FULFILLMENT_KEYS) {
            fields.put(key, null);
        }
    }

    /** Sets a top-level value; a boolean is written as its text. */
    void set(String key, Object value) {
        fields.put(key, value instanceof Boolean ? value.toString() : value);
    }

    Entity entity() {
        return plan.entity;
    }

    boolean isCheckout() {
        return plan.entity == Entity.CHECKOUT;
    }
}
