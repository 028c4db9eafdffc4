package io.checkoutlake.tools.catalog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One column of a Glue table: name, Hive type and, when the schema documents it, a comment. */
public final class GlueColumn {
    /** Glue's limit on a column comment. */
    static final int MAX_COMMENT_LENGTH = 255;

    private final String name;
    private final String type;
    private final String comment;

    public GlueColumn(String name, String type, String comment) {
        this.name = name;
        this.type = type;
        this.comment = comment;
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public Optional<String> comment() {
        return Optional.ofNullable(comment);
    }

    /** The column as a CloudFormation {@code Column}: Name, Type, and Comment when there is one. */
    Map<String, Object> toCloudFormation() {
        Map<String, Object> column = new LinkedHashMap<>();
        column.put("Name", name);
        column.put("Type", type);
        comment()
                .ifPresent(
                        text ->
                                column.put(
                                        "Comment",
                                        text.length() <= MAX_COMMENT_LENGTH
                                                ? text
                                                : text.substring(0, MAX_COMMENT_LENGTH - 3)
                                                        + "..."));
        return column;
    }
}
