package io.checkoutlake.tools.generator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One line of an order in its three places: {@code Items[i]}, {@code ItemMetadata.items[i]}
 * (checkout only) and {@code ShippingData.logisticsInfo[i]}. Each part is kept written as JSON, so
 * that a document is assembled and sized without writing its items again.
 */
final class ItemDraft {
    final ObjectNode item;

    /** Null for fulfillment orders, whose schema has no item metadata. */
    final ObjectNode metadata;

    final ObjectNode logistics;

    /** Money in cents. */
    final long price;

    final long sellingPrice;
    final long quantity;
    final long shippingPrice;
    final long tax;

    /** Index into {@link Catalog#SLAS} of this line's selected SLA; later options follow it. */
    final int firstSla;

    // Written once per change, with their escaped sizes: documents are sized many times.
    private String itemJson;
    private int itemBytes;
    private String metadataJson;
    private int metadataBytes;
    private String logisticsJson;
    private int logisticsBytes;

    ItemDraft(
            ObjectNode item,
            ObjectNode metadata,
            ObjectNode logistics,
            long price,
            long sellingPrice,
            long quantity,
            long shippingPrice,
            long tax,
            int firstSla) {
        this.item = item;
        this.metadata = metadata;
        this.logistics = logistics;
        this.price = price;
        this.sellingPrice = sellingPrice;
        this.quantity = quantity;
        this.shippingPrice = shippingPrice;
        this.tax = tax;
        this.firstSla = firstSla;
        itemChanged();
        logisticsChanged();
        if (metadata != null) {
            metadataJson = JsonText.write(metadata);
            metadataBytes = JsonText.escapedLength(metadataJson);
        }
    }

    String itemJson() {
        return itemJson;
    }

    String metadataJson() {
        return metadataJson;
    }

    String logisticsJson() {
        return logisticsJson;
    }

    /** Escaped size of {@link #itemJson()} inside the top-level string. */
    int itemBytes() {
        return itemBytes;
    }

    int metadataBytes() {
        return metadataBytes;
    }

    int logisticsBytes() {
        return logisticsBytes;
    }

    ArrayNode priceTags() {
        return (ArrayNode) item.get("priceTags");
    }

    ArrayNode slas() {
        return (ArrayNode) logistics.get("slas");
    }

    /** Call after changing {@link #item}. */
    void itemChanged() {
        itemJson = JsonText.write(item);
        itemBytes = JsonText.escapedLength(itemJson);
    }

    /** Call after changing {@link #logistics}. */
    void logisticsChanged() {
        logisticsJson = JsonText.write(logistics);
        logisticsBytes = JsonText.escapedLength(logisticsJson);
    }

    /**
     * Bytes this line adds to a document that already has a line: each part and its comma, escaped
     * into the top-level strings.
     */
    int appendedBytes() {
        int bytes = 1 + itemBytes + 1 + logisticsBytes;
        if (metadataJson != null) {
            bytes += 1 + metadataBytes;
        }
        return bytes;
    }
}
