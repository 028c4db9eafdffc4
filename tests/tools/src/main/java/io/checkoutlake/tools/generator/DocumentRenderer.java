package io.checkoutlake.tools.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Writes a draft as a raw document: PascalCase top-level keys whose values are all strings.
 * Checkout documents follow raw-checkout-order.example.json; fulfillment documents have a key for
 * every field of fulfillment_order.v1.avsc. Totals and payment values follow from the items.
 * Deterministic: rendering a draft twice gives the same document.
 */
final class DocumentRenderer {
    private DocumentRenderer() {}

    static TopLevelDocument render(OrderDraft d) {
        Totals totals = new Totals(d.items);
        TopLevelDocument doc = new TopLevelDocument();
        for (Map.Entry<String, Object> field : d.fields.entrySet()) {
            Object value = field.getValue();
            doc.put(
                    field.getKey(),
                    value == null
                            ? TopLevelDocument.NULL
                            : value instanceof JsonNode ? Json.write(value) : (String) value);
        }
        doc.put("Value", Long.toString(totals.value()));
        doc.put("Items", items(d));
        doc.put("ShippingData", shippingData(d));
        doc.put("PaymentData", paymentData(d, totals.value()));
        if (d.isCheckout()) {
            doc.put("ItemMetadata", itemMetadata(d));
            doc.put("Totalizers", totalizers(totals, false));
        } else {
            doc.put("Totals", totalizers(totals, true));
        }
        if (d.unknownField == OrderDraft.UnknownField.TOP_LEVEL_LOYALTY_TIER) {
            doc.put("LoyaltyTier", "gold");
        }
        return doc;
    }

    private static String items(OrderDraft d) {
        ArrayNode items = Json.array();
        d.items.forEach(line -> items.add(line.item));
        return Json.write(items);
    }

    private static String itemMetadata(OrderDraft d) {
        ObjectNode metadata = Json.object();
        ArrayNode items = metadata.putArray("items");
        d.items.forEach(line -> items.add(line.metadata));
        return Json.write(metadata);
    }

    private static String shippingData(OrderDraft d) {
        ObjectNode shipping = Json.object();
        shipping.set("address", d.shippingAddress);
        ArrayNode logistics = shipping.putArray("logisticsInfo");
        d.items.forEach(line -> logistics.add(line.logistics));
        shipping.putArray("selectedAddresses").add(d.selectedAddress);
        return Json.write(shipping);
    }

    private static String paymentData(OrderDraft d, long value) {
        ArrayNode payments = d.payments;
        long remaining = value;
        for (int i = 0; i < payments.size(); i++) {
            boolean last = i == payments.size() - 1;
            long part = last ? remaining : Math.round(value * d.paymentShares[i]);
            remaining -= part;
            ObjectNode payment = (ObjectNode) payments.get(i);
            payment.put("value", part);
            payment.put("referenceValue", part);
        }
        ObjectNode paymentData = Json.object();
        paymentData.set("giftCards", d.giftCards);
        paymentData.putArray("transactions").add(d.transaction);
        return Json.write(paymentData);
    }

    private static String totalizers(Totals totals, boolean withTax) {
        ArrayNode list = Json.array();
        addTotal(list, "Items", "Items Total", totals.items);
        addTotal(list, "Discounts", "Discounts Total", totals.discounts);
        addTotal(list, "Shipping", "Shipping Total", totals.shipping);
        if (withTax || totals.tax != 0) {
            addTotal(list, "Tax", "Tax Total", totals.tax);
        }
        return Json.write(list);
    }

    private static void addTotal(ArrayNode list, String id, String name, long value) {
        ObjectNode total = list.addObject();
        total.put("id", id);
        total.put("name", name);
        total.put("value", value);
    }

    /** The order's sums in cents, as VTEX totalizers split them. */
    private static final class Totals {
        final long items;
        final long discounts;
        final long shipping;
        final long tax;

        Totals(List<ItemDraft> lines) {
            long itemSum = 0;
            long discountSum = 0;
            long shippingSum = 0;
            long taxSum = 0;
            for (ItemDraft line : lines) {
                itemSum += line.price * line.quantity;
                discountSum += (line.sellingPrice - line.price) * line.quantity;
                shippingSum += line.shippingPrice;
                taxSum += line.tax * line.quantity;
            }
            this.items = itemSum;
            this.discounts = discountSum;
            this.shipping = shippingSum;
            this.tax = taxSum;
        }

        long value() {
            return items + discounts + shipping + tax;
        }
    }
}
