package io.checkoutlake.tools.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One line of an order in its three places: {@code Items[i]}, {@code ItemMetadata.items[i]}
 * (checkout only, else null) and {@code ShippingData.logisticsInfo[i]}, with its money in cents for
 * the totals.
 */
final class ItemDraft {
    final ObjectNode item;
    final ObjectNode metadata;
    final ObjectNode logistics;
    final long price;
    final long sellingPrice;
    final long quantity;
    final long shippingPrice;
    final long tax;

    ItemDraft(
            ObjectNode item,
            ObjectNode metadata,
            ObjectNode logistics,
            long price,
            long sellingPrice,
            long quantity,
            long shippingPrice,
            long tax) {
        this.item = item;
        this.metadata = metadata;
        this.logistics = logistics;
        this.price = price;
        this.sellingPrice = sellingPrice;
        this.quantity = quantity;
        this.shippingPrice = shippingPrice;
        this.tax = tax;
    }
}
