package io.checkoutlake.tools.generator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Grows a draft until its document has exactly the target size: whole items first, then delivery
 * options, promotions, price tags and marketing tags while they fit, and last the shipping
 * address's free-text reference, whose length absorbs the remaining bytes.
 *
 * <p>Parts are added by their exact escaped size (escaping works per character, so sizes add up),
 * and the document is rendered only a few times. Only the totals are not additive (their digits
 * grow with the items); a full render measures them.
 */
final class DocumentSizer {
    /** Items drawn in vain before settling: the next one may be smaller, but costs as much. */
    private static final int ITEM_ATTEMPTS = 1;

    /** Room left while adding items for totals and payment values that gain digits. */
    private static final int TOTALS_SLACK = 64;

    /** Every SLA of {@link Catalog#SLAS} once; stores often offer that many. */
    private static final int MAX_SLAS_PER_LINE = Catalog.SLAS.length;

    private static final int MAX_PRICE_TAGS_PER_LINE = 5;
    private static final int MAX_PROMOTIONS = 4;
    private static final int MAX_MARKETING_TAGS = 10;

    /** Renders after the final fill beyond the first; needing one means the arithmetic is off. */
    private static final int MAX_CORRECTIONS = 3;

    private final OrderDraftFactory factory;

    DocumentSizer(OrderDraftFactory factory) {
        this.factory = factory;
    }

    /**
     * Grows {@code d} to a document of {@code target} bytes and returns it rendered. A document
     * whose one item and fixed sections already exceed the target stays as it is, unless it exceeds
     * {@code max}: then it is made lean.
     */
    TopLevelDocument fit(OrderDraft d, int target, int max) {
        TopLevelDocument doc = DocumentRenderer.render(d);
        int size = doc.size();
        if (size > max) {
            factory.makeLean(d);
            doc = DocumentRenderer.render(d);
            size = doc.size();
        }
        if (size >= target) {
            return doc;
        }
        addItems(d, size, target);
        doc = DocumentRenderer.render(d);
        size = doc.size();
        while (size > target && d.items.size() > 1) {
            d.items.remove(d.items.size() - 1);
            doc = DocumentRenderer.render(d);
            size = doc.size();
        }
        if (size >= target) {
            return doc;
        }
        int gap = target - size;
        gap -= addSlas(d, gap);
        gap -= addPromotions(d, gap);
        gap -= addPriceTags(d, gap);
        gap -= addMarketingTags(d, gap);
        for (int render = 0; ; render++) {
            boolean changed = gap != 0 && lengthenReference(d, gap);
            doc = DocumentRenderer.render(d);
            gap = target - doc.size();
            if (gap == 0 || !changed || render >= MAX_CORRECTIONS) {
                return doc;
            }
        }
    }

    private void addItems(OrderDraft d, int size, int target) {
        int misses = 0;
        while (misses < ITEM_ATTEMPTS) {
            ItemDraft next = factory.item(d, d.items.size(), false);
            int bytes = next.appendedBytes();
            if (size + bytes + TOTALS_SLACK <= target) {
                d.items.add(next);
                size += bytes;
            } else {
                misses++;
            }
        }
    }

    /** Alternative delivery options, round-robin over the lines. */
    private int addSlas(OrderDraft d, int gap) {
        int used = 0;
        boolean[] changed = new boolean[d.items.size()];
        boolean added = true;
        fill:
        while (added) {
            added = false;
            for (int i = 0; i < d.items.size(); i++) {
                ItemDraft line = d.items.get(i);
                if (line.slas().size() >= MAX_SLAS_PER_LINE) {
                    continue;
                }
                ObjectNode sla = factory.extraSla(d, line);
                int bytes = appendedBytes(line.slas(), JsonText.write(sla));
                if (used + bytes > gap) {
                    break fill;
                }
                line.slas().add(sla);
                changed[i] = true;
                used += bytes;
                added = true;
            }
        }
        // Written once per line, not once per option.
        for (int i = 0; i < changed.length; i++) {
            if (changed[i]) {
                d.items.get(i).logisticsChanged();
            }
        }
        return used;
    }

    private int addPromotions(OrderDraft d, int gap) {
        if (d.ratesAndBenefitsData == null) {
            return 0;
        }
        ArrayNode promotions = (ArrayNode) d.ratesAndBenefitsData.get("rateAndBenefitsIdentifiers");
        int used = 0;
        while (promotions.size() < MAX_PROMOTIONS) {
            ObjectNode promotion = factory.rateAndBenefitsIdentifier();
            int bytes = appendedBytes(promotions, JsonText.write(promotion));
            if (used + bytes > gap) {
                break;
            }
            promotions.add(promotion);
            used += bytes;
        }
        return used;
    }

    private int addPriceTags(OrderDraft d, int gap) {
        int used = 0;
        boolean[] changed = new boolean[d.items.size()];
        boolean added = true;
        fill:
        while (added) {
            added = false;
            for (int i = 0; i < d.items.size(); i++) {
                ItemDraft line = d.items.get(i);
                if (line.priceTags().size() >= MAX_PRICE_TAGS_PER_LINE) {
                    continue;
                }
                ObjectNode tag = factory.extraPriceTag();
                int bytes = appendedBytes(line.priceTags(), JsonText.write(tag));
                if (used + bytes > gap) {
                    break fill;
                }
                line.priceTags().add(tag);
                changed[i] = true;
                used += bytes;
                added = true;
            }
        }
        for (int i = 0; i < changed.length; i++) {
            if (changed[i]) {
                d.items.get(i).itemChanged();
            }
        }
        return used;
    }

    private int addMarketingTags(OrderDraft d, int gap) {
        if (d.marketingData == null) {
            return 0;
        }
        ArrayNode tags = (ArrayNode) d.marketingData.get("marketingTags");
        int used = 0;
        while (tags.size() < MAX_MARKETING_TAGS) {
            String tag = factory.marketingTag();
            int bytes = appendedBytes(tags, JsonText.write(JsonText.text(tag)));
            if (used + bytes > gap) {
                break;
            }
            tags.add(tag);
            used += bytes;
        }
        return used;
    }

    /**
     * Changes the reference's length by {@code bytes} (ASCII words, so characters are bytes, and
     * {@code null} is as long as the escaped quotes of a text). False when it cannot shrink so far.
     */
    private boolean lengthenReference(OrderDraft d, int bytes) {
        ObjectNode address = d.shippingAddress;
        String current =
                address.get("reference").isNull() ? null : address.get("reference").textValue();
        String base = current == null ? "" : current;
        int length = base.length() + bytes;
        if (length < 0) {
            return false;
        }
        String text;
        if (bytes < 0) {
            text = base.substring(0, length);
        } else if (current == null) {
            text = Words.textOfLength(factory.random(), length);
        } else if (bytes == 1) {
            text = base + '.';
        } else {
            text = base + ' ' + Words.textOfLength(factory.random(), bytes - 1);
        }
        address.put("reference", text);
        return true;
    }

    /** Escaped bytes of one more element: the element and, unless it is the first, a comma. */
    private static int appendedBytes(ArrayNode array, String elementJson) {
        return (array.size() == 0 ? 0 : 1) + JsonText.escapedLength(elementJson);
    }
}
