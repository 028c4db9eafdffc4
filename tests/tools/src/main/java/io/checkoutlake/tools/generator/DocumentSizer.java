package io.checkoutlake.tools.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Grows a draft to a document of about the target size: whole items while they fit, then the
 * shipping address's free-text reference for the rest. Sizes are measured by rendering, never
 * computed; ASCII filler makes the last step land on the target, but only the tolerance is
 * promised.
 */
final class DocumentSizer {
    /** Renders spent closing the last gap; more would only chase digits of the totals. */
    private static final int FILL_ROUNDS = 3;

    private final OrderDraftFactory factory;

    DocumentSizer(OrderDraftFactory factory) {
        this.factory = factory;
    }

    /** The tolerance around a target: 2 % or 256 bytes, whichever is larger. */
    static int tolerance(int target) {
        return Math.max(256, target / 50);
    }

    /**
     * Grows {@code d} towards {@code target} bytes, never beyond {@code max}, and returns it
     * rendered. A document whose one item and fixed sections already exceed {@code max} is made
     * lean first.
     */
    TopLevelDocument fit(OrderDraft d, int target, int max) {
        TopLevelDocument doc = DocumentRenderer.render(d);
        int size = doc.toBytes().length;
        if (size > max) {
            factory.makeLean(d);
            doc = DocumentRenderer.render(d);
            size = doc.toBytes().length;
        }
        // Items come in batches sized from the average so far: a few renders even for 100 KB.
        while (size < target) {
            int perItem = Math.max(1, size / (d.items.size() + 2));
            // Half the gap at a time, then one by one: an overshoot costs a render per item.
            int batch = Math.max((target - size) / (2 * perItem), target - size > perItem ? 1 : 0);
            if (batch == 0) {
                break;
            }
            for (int i = 0; i < batch; i++) {
                d.items.add(factory.item(d, d.items.size(), false));
            }
            doc = DocumentRenderer.render(d);
            size = doc.toBytes().length;
        }
        while (size > target && d.items.size() > 1) {
            d.items.remove(d.items.size() - 1);
            doc = DocumentRenderer.render(d);
            size = doc.toBytes().length;
        }
        for (int round = 0; round < FILL_ROUNDS && size != target; round++) {
            if (!lengthenReference(d, target - size)) {
                break;
            }
            doc = DocumentRenderer.render(d);
            size = doc.toBytes().length;
        }
        return doc;
    }

    /**
     * Changes the reference's length by {@code bytes} (ASCII words, so characters are bytes, and
     * {@code null} is as long as the quotes of a text). False when it cannot shrink so far.
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
}
