package io.checkoutlake.tools.generator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkoutlake.functions.model.Entity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of one document version before it is written: everything already drawn, so that
 * {@link DocumentRenderer} is deterministic and can render it again after {@link DocumentSizer}
 * grew it. Sections that a document may lack are null.
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

    final OrderPlan plan;
    final int version;
    final UnknownField unknownField;

    // Timestamps as written; a null lastChange is left out, or written "null" when
    // lastChangeAsNull.
    String creationDate;
    String lastChange;
    boolean lastChangeAsNull;
    String timeZoneCreationDate;
    String timeZoneLastChange;

    /** LastChange, else CreationDate, as written (a form without fraction drops the digits). */
    Instant eventTime;

    String salesChannel;
    boolean checkedIn;

    /** Checkout only. */
    String instanceId;

    final List<ItemDraft> items = new ArrayList<>();

    ObjectNode shippingAddress;
    ObjectNode selectedAddress;

    /** The transaction, its payments without values: those follow from the items. */
    ObjectNode transaction;

    ArrayNode payments;

    /** Share of the order value each payment but the last covers. */
    double[] paymentShares;

    ArrayNode giftCards;

    ObjectNode marketingData;
    ObjectNode ratesAndBenefitsData;
    ObjectNode storePreferencesData;
    ObjectNode clientPreferencesData;
    ObjectNode clientProfileData;
    ArrayNode sellers;
    ObjectNode giftRegistryData;

    // Dropped by restructuring: present so that the rules are exercised.
    ObjectNode customData;

    /** Written as is: "null", free text or JSON. */
    String commercialConditionData;

    ObjectNode openTextField;

    // Fulfillment only.
    String orderId;
    String sequence;
    String marketplaceOrderId;
    String sellerOrderId;
    String origin;
    String affiliateId;
    String status;
    String statusDescription;
    boolean workflowIsInError;
    String authorizedDate;
    String invoicedDate;
    String orderGroup;
    boolean completed;
    boolean allowCancellation;
    boolean allowEdition;
    String cancelReason;
    ObjectNode cancellationData;
    ObjectNode changesAttachment;
    ObjectNode packageAttachment;

    OrderDraft(OrderPlan plan, int version, UnknownField unknownField) {
        this.plan = plan;
        this.version = version;
        this.unknownField = unknownField;
    }

    Entity entity() {
        return plan.entity;
    }

    boolean isCheckout() {
        return plan.entity == Entity.CHECKOUT;
    }
}
