package io.checkoutlake.tests.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A CloudFormation template as plain maps and lists, with short-form intrinsic functions ({@code
 * !Sub x}) in their long form ({@code {"Fn::Sub": x}}), the way CloudFormation itself reads them.
 */
public final class CfnTemplate {
    private static final List<String> FUNCTIONS =
            List.of(
                    "Base64",
                    "Cidr",
                    "FindInMap",
                    "GetAZs",
                    "If",
                    "ImportValue",
                    "Join",
                    "Select",
                    "Split",
                    "Sub",
                    "Equals",
                    "Not",
                    "And",
                    "Or",
                    "ToJsonString",
                    "Length");

    final Path path;
    final Map<String, Object> root;

    private CfnTemplate(Path path, Map<String, Object> root) {
        this.path = path;
        this.root = root;
    }

    public static CfnTemplate load(Path path) {
        LoadSettings settings = LoadSettings.builder().setLabel(path.toString()).build();
        Object document =
                new Load(settings, new IntrinsicConstructor(settings))
                        .loadFromString(RepoFiles.read(path));
        return new CfnTemplate(path, map(document));
    }

    Map<String, Object> section(String name) {
        return root.containsKey(name) ? map(root.get(name)) : Map.of();
    }

    Map<String, Object> resources() {
        return section("Resources");
    }

    /** Logical id to resource, for every resource of {@code type}. */
    public Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources()
                .forEach(
                        (id, resource) -> {
                            if (type.equals(map(resource).get("Type"))) {
                                found.put(id, map(resource));
                            }
                        });
        return found;
    }

    public static Map<String, Object> properties(Map<String, Object> resource) {
        return map(resource.get("Properties"));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object node) {
        if (!(node instanceof Map)) {
            throw new AssertionError("expected a mapping, found " + node);
        }
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object node) {
        if (node instanceof List) {
            return (List<Object>) node;
        }
        List<Object> single = new ArrayList<>();
        single.add(node);
        return single;
    }

    /**
     * The values a node can take whatever the conditions: both branches of an {@code Fn::If},
     * without {@code AWS::NoValue}. Checks that must hold in every deployment use this.
     */
    static List<Object> alternatives(Object node) {
        List<Object> values = new ArrayList<>();
        if (node instanceof Map && map(node).size() == 1 && map(node).containsKey("Fn::If")) {
            List<Object> branches = list(map(node).get("Fn::If"));
            values.addAll(alternatives(branches.get(1)));
            values.addAll(alternatives(branches.get(2)));
        } else if (!Map.of("Ref", "AWS::NoValue").equals(node)) {
            values.add(node);
        }
        return values;
    }

    /** Reads {@code !Tag value} as {@code {"Fn::Tag": value}} ({@code Ref}, {@code Condition}). */
    private static final class IntrinsicConstructor extends StandardConstructor {
        IntrinsicConstructor(LoadSettings settings) {
            super(settings);
            tagConstructors.put(new Tag("!Ref"), new LongForm("Ref"));
            tagConstructors.put(new Tag("!Condition"), new LongForm("Condition"));
            tagConstructors.put(new Tag("!GetAtt"), new GetAtt());
            for (String function : FUNCTIONS) {
                tagConstructors.put(new Tag("!" + function), new LongForm("Fn::" + function));
            }
        }

        /** The node's value as if it had no tag (the node itself is being constructed). */
        Object untagged(Node node) {
            switch (node.getNodeType()) {
                case SCALAR:
                    return constructScalar((ScalarNode) node);
                case SEQUENCE:
                    return constructSequence((SequenceNode) node);
                default:
                    return constructMapping((MappingNode) node);
            }
        }

        private class LongForm implements ConstructNode {
            private final String key;

            LongForm(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Map<String, Object> function = new LinkedHashMap<>();
                function.put(key, untagged(node));
                return function;
            }
        }

        /** {@code !GetAtt Resource.Attribute} is the list {@code [Resource, Attribute]}. */
        private class GetAtt implements ConstructNode {
            @Override
            public Object construct(Node node) {
                Object value = untagged(node);
                Map<String, Object> function = new LinkedHashMap<>();
                function.put(
                        "Fn::GetAtt",
                        value instanceof String
                                ? List.of(((String) value).split("\\.", 2))
                                : value);
                return function;
            }
        }
    }
}
