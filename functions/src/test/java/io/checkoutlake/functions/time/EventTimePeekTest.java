package io.checkoutlake.functions.time;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class EventTimePeekTest {
    private static final long LAST_CHANGE =
            Instant.parse("2019-08-23T17:02:11.701Z").toEpochMilli();
    private static final long CREATION = Instant.parse("2019-08-20T08:00:00Z").toEpochMilli();

    private static OptionalLong peek(String json) {
        return EventTimePeek.epochMillis(json.getBytes(UTF_8));
    }

    @Test
    void lastChangeWinsWhereverCreationDateStands() {
        assertThat(
                        peek(
                                "{\"CreationDate\":\"2019-08-20T08:00:00Z\","
                                        + "\"LastChange\":\"2019-08-23T17:02:11.7010740+00:00\"}"))
                .hasValue(LAST_CHANGE);
        assertThat(
                        peek(
                                "{\"LastChange\":\"2019-08-23T17:02:11.701Z\","
                                        + "\"CreationDate\":\"2019-08-20T08:00:00Z\"}"))
                .hasValue(LAST_CHANGE);
    }

    @Test
    void creationDateWhenThereIsNoUsableLastChange() {
        assertThat(peek("{\"orderId\":\"1\",\"CreationDate\":\"2019-08-20T08:00:00Z\"}"))
                .hasValue(CREATION);
        assertThat(
                        peek(
                                "{\"CreationDate\":\"2019-08-20T08:00:00Z\","
                                        + "\"LastChange\":\"yesterday\"}"))
                .as("an unparseable LastChange")
                .hasValue(CREATION);
        assertThat(
                        peek(
                                "{\"LastChange\":1566579731,"
                                        + "\"CreationDate\":\"2019-08-20T08:00:00Z\"}"))
                .as("a LastChange that is not a string")
                .hasValue(CREATION);
    }

    @Test
    void offsetsAreConvertedAndZonelessValuesAreUtc() {
        assertThat(peek("{\"LastChange\":\"2019-08-23T21:30:00-03:00\"}"))
                .hasValue(Instant.parse("2019-08-24T00:30:00Z").toEpochMilli());
        assertThat(peek("{\"LastChange\":\"2019-08-23T21:30:00\"}"))
                .hasValue(Instant.parse("2019-08-23T21:30:00Z").toEpochMilli());
    }

    @Test
    void onlyTopLevelFieldsCount() {
        assertThat(
                        peek(
                                "{\"items\":[{\"LastChange\":\"2001-01-01T00:00:00Z\"}],"
                                        + "\"shipping\":{\"LastChange\":\"2002-01-01T00:00:00Z\"},"
                                        + "\"LastChange\":\"2019-08-23T17:02:11.701Z\"}"))
                .hasValue(LAST_CHANGE);
        assertThat(peek("{\"shipping\":{\"LastChange\":\"2002-01-01T00:00:00Z\"}}")).isEmpty();
    }

    @Test
    void timesOutsideTheLakesRangeGiveNothing() {
        assertThat(peek("{\"LastChange\":\"0001-01-01T00:00:00Z\"}")).isEmpty();
        assertThat(peek("{\"LastChange\":\"2150-01-01T00:00:00Z\"}")).isEmpty();
    }

    @Test
    void aTimeSeenBeforeTheDocumentBreaksOffIsKept() {
        assertThat(peek("{\"LastChange\":\"2019-08-23T17:02:11.701Z\",\"x\":[1,2"))
                .hasValue(LAST_CHANGE);
        assertThat(peek("{\"CreationDate\":\"2019-08-20T08:00:00Z\",\"x\":tru")).hasValue(CREATION);
    }

    @Test
    void aByteOrderMarkIsNoObstacle() {
        assertThat(peek("\uFEFF{\"LastChange\":\"2019-08-23T17:02:11.701Z\"}"))
                .hasValue(LAST_CHANGE);
    }

    @Test
    void whatIsNotAJsonObjectGivesNothing() throws IOException {
        assertThat(EventTimePeek.epochMillis(null)).isEmpty();
        assertThat(EventTimePeek.epochMillis(new byte[0])).isEmpty();
        assertThat(peek("[{\"LastChange\":\"2019-08-23T17:02:11.701Z\"}]")).isEmpty();
        assertThat(peek("not json")).isEmpty();
        assertThat(peek("{\"LastChange\":\"\"}")).isEmpty();
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write("{\"LastChange\":\"2019-08-23T17:02:11.701Z\"}".getBytes(UTF_8));
        }
        assertThat(EventTimePeek.epochMillis(gzip.toByteArray()))
                .as("gzip is not peeked into")
                .isEmpty();
    }
}
