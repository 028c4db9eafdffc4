package io.checkoutlake.functions.path;

import io.checkoutlake.functions.model.Entity;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes a raw object to its entity by its key: {@code
 * <prefix>/<HH>_CheckoutOrder/<id>/id/<object>} (likewise {@code _FulfillmentOrder}). Anything else
 * under the raw prefix, such as the sub-folders found under {@code 86_FulfillmentOrder/<id>/id/},
 * is not an order.
 */
public final class RawObjectPath {
    // The object is exactly one segment after /id/; <id> is one segment too.
    private static final Pattern LAYOUT =
            Pattern.compile("(?:^|/)([0-9A-Fa-f]{2})_([A-Za-z]+)/([^/]+)/id/([^/]+)$");

    private RawObjectPath() {}

    /** The entity of an order document, or empty when the key is not an order. */
    public static Optional<Entity> entityOf(String uriOrKey) {
        Matcher m = LAYOUT.matcher(uriOrKey);
        if (!m.find()) {
            return Optional.empty();
        }
        return Entity.fromRawFolderSuffix(m.group(2));
    }

    /** The two-hex-digit folder ({@code 00..FF}) of an order key, upper case. */
    public static Optional<String> folderOf(String uriOrKey) {
        Matcher m = LAYOUT.matcher(uriOrKey);
        if (!m.find() || Entity.fromRawFolderSuffix(m.group(2)).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1).toUpperCase(java.util.Locale.ROOT));
    }

    /** Whether the object is stored gzip-compressed, judged by its name. */
    public static boolean isGzipName(String uriOrKey) {
        return uriOrKey.toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
    }
}
