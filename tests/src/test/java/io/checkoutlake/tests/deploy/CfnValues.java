package io.checkoutlake.tests.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates a template's values for given parameters, the way CloudFormation would: {@code Ref},
 * {@code Fn::Sub}, {@code Fn::If} over the template's conditions, {@code Fn::Select}, {@code
 * Fn::Split}, {@code Fn::Join}, {@code Fn::FindInMap}; {@code AWS::NoValue} disappears. Resources
 * and their attributes become readable placeholders such as {@code <LakeBucket.Arn>}.
 */
public final class CfnValues {
    static final String ACCOUNT = "123456789012";
    private static final Object NO_VALUE = new Object();

    private final CfnTemplate template;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final Map<String, String> pseudo;

    /** {@code given} wins over the parameters' defaults; a parameter without either fails. */
    public CfnValues(CfnTemplate template, Map<String, String> given, String region) {
        this.template = template;
        template.section("Parameters")
                .forEach(
                        (name, spec) -> {
                            Object defaultValue = CfnTemplate.map(spec).get("Default");
                            if (defaultValue != null) {
                                parameters.put(name, String.valueOf(defaultValue));
                            }
                        });
        parameters.putAll(given);
        this.pseudo =
                Map.of(
                        "AWS::AccountId", ACCOUNT,
                        "AWS::Region", region,
                        "AWS::Partition", "aws",
                        "AWS::URLSuffix", "amazonaws.com",
                        "AWS::StackName", "checkout-lake-test");
    }

    Object resolve(Object node) {
        Object value = evaluate(node);
        return value == NO_VALUE ? null : value;
    }

    public String string(Object node) {
        return String.valueOf(resolve(node));
    }

    boolean condition(String name) {
        Object definition = template.section("Conditions").get(name);
        Objects.requireNonNull(definition, "no condition " + name);
        return (Boolean) evaluate(definition);
    }

    private Object evaluate(Object node) {
        if (node instanceof Map) {
            Map<String, Object> map = CfnTemplate.map(node);
            if (map.size() == 1) {
                Map.Entry<String, Object> only = map.entrySet().iterator().next();
                if (only.getKey().equals("Ref")
                        || only.getKey().startsWith("Fn::")
                        || only.getKey().equals("Condition")) {
                    return function(only.getKey(), only.getValue());
                }
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            map.forEach(
                    (key, value) -> {
                        Object v = evaluate(value);
                        if (v != NO_VALUE) {
                            resolved.put(key, v);
                        }
                    });
            return resolved;
        }
        if (node instanceof List) {
            List<Object> resolved = new ArrayList<>();
            for (Object item : CfnTemplate.list(node)) {
                Object v = evaluate(item);
                if (v != NO_VALUE) {
                    resolved.add(v);
                }
            }
            return resolved;
        }
        return node;
    }

    private Object function(String name, Object argument) {
        List<Object> args = argument instanceof List ? CfnTemplate.list(argument) : null;
        switch (name) {
            case "Ref":
                return ref((String) argument);
            case "Condition":
                return condition((String) argument);
            case "Fn::Sub":
                return args == null
                        ? sub((String) argument, Map.of())
                        : sub((String) args.get(0), CfnTemplate.map(args.get(1)));
            case "Fn::GetAtt":
                return "<" + args.get(0) + "." + args.get(1) + ">";
            case "Fn::If":
                return condition((String) args.get(0))
                        ? evaluate(args.get(1))
                        : evaluate(args.get(2));
            case "Fn::Equals":
                return Objects.equals(
                        String.valueOf(evaluate(args.get(0))),
                        String.valueOf(evaluate(args.get(1))));
            case "Fn::Not":
                return !(Boolean) evaluate(args.get(0));
            case "Fn::And":
                return args.stream().allMatch(a -> (Boolean) evaluate(a));
            case "Fn::Or":
                return args.stream().anyMatch(a -> (Boolean) evaluate(a));
            case "Fn::Select":
                return CfnTemplate.list(evaluate(args.get(1)))
                        .get(Integer.parseInt(String.valueOf(evaluate(args.get(0)))));
            case "Fn::Split":
                return new ArrayList<Object>(
                        List.of(
                                String.valueOf(evaluate(args.get(1)))
                                        .split(
                                                java.util.regex.Pattern.quote((String) args.get(0)),
                                                -1)));
            case "Fn::Join":
                StringBuilder joined = new StringBuilder();
                for (Object part : CfnTemplate.list(evaluate(args.get(1)))) {
                    if (joined.length() > 0) {
                        joined.append(args.get(0));
                    }
                    joined.append(part);
                }
                return joined.toString();
            case "Fn::FindInMap":
                Map<String, Object> mapping =
                        CfnTemplate.map(template.section("Mappings").get(string(args.get(0))));
                return CfnTemplate.map(mapping.get(string(args.get(1)))).get(string(args.get(2)));
            default:
                throw new AssertionError("no evaluation of " + name + " in " + template.path);
        }
    }

    private Object ref(String name) {
        if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
        }
        if (pseudo.containsKey(name)) {
            return pseudo.get(name);
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        if (template.resources().containsKey(name)) {
            return "<" + name + ">";
        }
        throw new AssertionError(
                "Ref "
                        + name
                        + " is no parameter with a value and no resource in "
                        + template.path);
    }

    private String sub(String text, Map<String, Object> variables) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                out.append(text.substring(i));
                break;
            }
            out.append(text, i, start);
            int end = text.indexOf('}', start);
            String name = text.substring(start + 2, end);
            if (name.startsWith("!")) {
                out.append("${").append(name.substring(1)).append('}');
            } else if (variables.containsKey(name)) {
                out.append(string(variables.get(name)));
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                out.append('<').append(name).append('>');
            } else {
                out.append(ref(name));
            }
            i = end + 1;
        }
        return out.toString();
    }
}
