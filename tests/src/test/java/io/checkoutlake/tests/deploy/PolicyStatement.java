package io.checkoutlake.tests.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One statement of a policy in a template, with where it was found. */
final class PolicyStatement {
    enum Kind {
        /** A role's trust policy. */
        TRUST,
        /** What a role may do (inline or managed policy). */
        IDENTITY,
        /** A bucket policy. */
        BUCKET,
        /** A KMS key policy: there, Resource "*" means the key itself. */
        KEY
    }

    final String where;
    final Kind kind;
    final Map<String, Object> statement;

    private PolicyStatement(String where, Kind kind, Map<String, Object> statement) {
        this.where = where;
        this.kind = kind;
        this.statement = statement;
    }

    boolean allows() {
        return "Allow".equals(statement.get("Effect"));
    }

    /** The statement's actions; intrinsic functions would be a test failure, so none are. */
    List<String> actions() {
        return strings("Action");
    }

    List<Object> resources() {
        return statement.containsKey("Resource")
                ? CfnTemplate.list(statement.get("Resource"))
                : List.of();
    }

    List<String> strings(String field) {
        List<String> values = new ArrayList<>();
        if (statement.containsKey(field)) {
            for (Object value : CfnTemplate.list(statement.get(field))) {
                if (!(value instanceof String)) {
                    throw new AssertionError(where + ": " + field + " is not plain text: " + value);
                }
                values.add((String) value);
            }
        }
        return values;
    }

    /** {@code "*"}, or {@code {"AWS": "*"}} (also within a list): anyone at all. */
    boolean hasWildcardPrincipal() {
        Object principal = statement.get("Principal");
        if ("*".equals(principal)) {
            return true;
        }
        if (principal instanceof Map) {
            for (Object value : CfnTemplate.map(principal).values()) {
                if (CfnTemplate.list(value).contains("*")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return where + " " + statement;
    }

    /** Every statement of every policy in the template, each branch of an Fn::If included. */
    static List<PolicyStatement> of(CfnTemplate template) {
        List<PolicyStatement> found = new ArrayList<>();
        String file = RepoFiles.root().relativize(template.path).toString();
        for (Map.Entry<String, Object> entry : template.resources().entrySet()) {
            Map<String, Object> resource = CfnTemplate.map(entry.getValue());
            String where = file + " " + entry.getKey();
            ofResource((String) resource.get("Type"), properties(resource), where, found);
        }
        return found;
    }

    private static void ofResource(
            String type,
            Map<String, Object> properties,
            String where,
            List<PolicyStatement> found) {
        switch (type) {
            case "AWS::IAM::Role":
                add(
                        found,
                        where + " trust",
                        Kind.TRUST,
                        properties.get("AssumeRolePolicyDocument"));
                for (Object policy : inlinePolicies(properties)) {
                    Map<String, Object> named = CfnTemplate.map(policy);
                    add(
                            found,
                            where + " " + named.get("PolicyName"),
                            Kind.IDENTITY,
                            named.get("PolicyDocument"));
                }
                break;
            case "AWS::IAM::Policy":
            case "AWS::IAM::ManagedPolicy":
                add(found, where, Kind.IDENTITY, properties.get("PolicyDocument"));
                break;
            case "AWS::S3::BucketPolicy":
                add(found, where, Kind.BUCKET, properties.get("PolicyDocument"));
                break;
            case "AWS::KMS::Key":
                add(found, where, Kind.KEY, properties.get("KeyPolicy"));
                break;
            default:
                break;
        }
    }

    private static List<Object> inlinePolicies(Map<String, Object> roleProperties) {
        List<Object> policies = new ArrayList<>();
        for (Object list :
                CfnTemplate.alternatives(roleProperties.getOrDefault("Policies", List.of()))) {
            for (Object entry : CfnTemplate.list(list)) {
                policies.addAll(CfnTemplate.alternatives(entry));
            }
        }
        return policies;
    }

    private static Map<String, Object> properties(Map<String, Object> resource) {
        return resource.containsKey("Properties") ? CfnTemplate.properties(resource) : Map.of();
    }

    private static void add(List<PolicyStatement> found, String where, Kind kind, Object document) {
        for (Object statements :
                CfnTemplate.alternatives(CfnTemplate.map(document).get("Statement"))) {
            for (Object entry : CfnTemplate.list(statements)) {
                for (Object statement : CfnTemplate.alternatives(entry)) {
                    found.add(new PolicyStatement(where, kind, CfnTemplate.map(statement)));
                }
            }
        }
    }
}
