package io.checkoutlake.functions.path;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes object keys as S3 event notifications carry them: form-URL-encoded, {@code +} for a space
 * and {@code %XX} for other bytes of the UTF-8 key. A malformed escape is kept literally rather
 * than failing, because the key then names an object that does exist with that text.
 */
public final class ObjectKeys {
    private ObjectKeys() {}

    public static String decodeEventKey(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%' && isHex(encoded, i + 1)) {
                out.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < encoded.length()) {
                    b = encoded.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    private static boolean isHex(String s, int at) {
        return at + 1 < s.length()
                && Character.digit(s.charAt(at), 16) >= 0
                && Character.digit(s.charAt(at + 1), 16) >= 0;
    }
}
