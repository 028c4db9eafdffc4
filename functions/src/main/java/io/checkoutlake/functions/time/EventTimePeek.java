package io.checkoutlake.functions.time;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * A cheap look at a document's event time ({@code LastChange}, else {@code CreationDate}) with
 * Jackson's streaming parser, without building a tree: for watermarks at a source, before the
 * document is decoded. Only top-level string fields count; nested objects are skipped. Anything
 * that does not yield a valid time in {@link EventTimes}'s range (gzip, broken JSON, a bad
 * timestamp) gives empty: the decoder answers for the document, the peek only feeds watermarks.
 */
public final class EventTimePeek {
    private static final JsonFactory JSON = new JsonFactory();

    private EventTimePeek() {}

    public static OptionalLong epochMillis(byte[] document) {
        if (document == null || document.length == 0) {
            return OptionalLong.empty();
        }
        String lastChange = null;
        String creationDate = null;
        try (JsonParser p = JSON.createParser(document)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return OptionalLong.empty();
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    if ("LastChange".equals(name)) {
                        lastChange = p.getText();
                        break;
                    } else if ("CreationDate".equals(name)) {
                        creationDate = p.getText();
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not JSON (gzip, garbage) or cut short: fall back to what was seen, if anything.
        }
        OptionalLong fromLastChange = parse(lastChange);
        return fromLastChange.isPresent() ? fromLastChange : parse(creationDate);
    }

    private static OptionalLong parse(String text) {
        if (text == null || text.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            Instant instant = Timestamps.parseInstant(text);
            return EventTimes.inRange(instant)
                    ? OptionalLong.of(instant.toEpochMilli())
                    : OptionalLong.empty();
        } catch (DateTimeException e) {
            return OptionalLong.empty();
        }
    }
}
