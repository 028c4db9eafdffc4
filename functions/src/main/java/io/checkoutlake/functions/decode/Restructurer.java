package io.checkoutlake.functions.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Applies {@link RestructureRules} to one decoded top-level value, in place. Runs after the value's
 * JSON-encoded string was parsed and before it is typed by the schema.
 */
public final class Restructurer {
    private final RestructureRules rules;

    public Restructurer(RestructureRules rules) {
        this.rules = rules;
    }

    /** Whether the whole top-level key is dropped, so its encoded value need not be parsed. */
    public boolean dropsTopLevel(String key) {
        return rules.dropsTopLevel(key);
    }

    /** Restructures the value of top-level key {@code topKey}; returns the (possibly new) value. */
    public JsonNode apply(String topKey, JsonNode value) {
        if (!rules.dropKeysContaining().isEmpty()) {
            dropMatchingKeys(value);
        }
        for (List<String> path : rules.dropPaths()) {
            if (path.size() > 1 && path.get(0).equals(topKey)) {
                dropAt(value, path, 1);
            }
        }
        for (List<String> path : rules.mapToListPaths()) {
            if (path.get(0).equals(topKey)) {
                if (path.size() == 1) {
                    value = mapToList(value);
                } else {
                    mapToListAt(value, path, 1);
                }
            }
        }
        return value;
    }

    private void dropMatchingKeys(JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (rules.dropsKey(e.getKey())) {
                    it.remove();
                } else {
                    dropMatchingKeys(e.getValue());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                dropMatchingKeys(child);
            }
        }
    }

    private static void dropAt(JsonNode node, List<String> path, int at) {
        String seg = path.get(at);
        if (seg.equals("[]")) {
            if (node.isArray()) {
                for (JsonNode child : node) {
                    dropAt(child, path, at + 1);
                }
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (at == path.size() - 1) {
            ((ObjectNode) node).remove(seg);
        } else {
            JsonNode child = node.get(seg);
            if (child != null) {
                dropAt(child, path, at + 1);
            }
        }
    }

    private static void mapToListAt(JsonNode node, List<String> path, int at) {
        String seg = path.get(at);
        if (seg.equals("[]")) {
            if (node.isArray()) {
                ArrayNode array = (ArrayNode) node;
                for (int i = 0; i < array.size(); i++) {
                    if (at == path.size() - 1) {
                        array.set(i, mapToList(array.get(i)));
                    } else {
                        mapToListAt(array.get(i), path, at + 1);
                    }
                }
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        JsonNode child = node.get(seg);
        if (child == null) {
            return;
        }
        if (at == path.size() - 1) {
            ((ObjectNode) node).set(seg, mapToList(child));
        } else {
            mapToListAt(child, path, at + 1);
        }
    }

    /** {@code {"1":"Toys"}} to {@code [{"id":"1","name":"Toys"}]}; anything else is left as is. */
    static JsonNode mapToList(JsonNode value) {
        if (!value.isObject()) {
            return value;
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode(value.size());
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            ObjectNode entry = list.addObject();
            entry.put("id", e.getKey());
            entry.set("name", e.getValue());
        }
        return list;
    }
}
