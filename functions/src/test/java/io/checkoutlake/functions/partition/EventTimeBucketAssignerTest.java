package io.checkoutlake.functions.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.checkoutlake.functions.model.Entity;
import io.checkoutlake.functions.schema.LakeSchemas;
import io.checkoutlake.functions.time.Timestamps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.TimeZone;
import org.apache.avro.generic.GenericData;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventTimeBucketAssignerTest {
    private static final String HOURLY = "'YEAR='yyyy/'MONTH='MM/'DAY='dd/'HOUR='HH";

    private final EventTimeBucketAssigner daily =
            new EventTimeBucketAssigner(EventTimeBucketAssigner.DEFAULT_PATTERN);
    private final EventTimeBucketAssigner hourly = new EventTimeBucketAssigner(HOURLY);

    private static long micros(String instant) {
        return Timestamps.toEpochMicros(Instant.parse(instant));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2019-08-23T17:02:11.701074Z, YEAR=2019/MONTH=08/DAY=23",
        "2019-08-23T00:00:00Z, YEAR=2019/MONTH=08/DAY=23",
        "2019-08-23T23:59:59.999999Z, YEAR=2019/MONTH=08/DAY=23",
        "2019-08-24T00:00:00Z, YEAR=2019/MONTH=08/DAY=24",
        "2019-12-31T23:59:59.999999Z, YEAR=2019/MONTH=12/DAY=31",
        "2020-01-01T00:00:00Z, YEAR=2020/MONTH=01/DAY=01",
        "2020-02-29T12:00:00Z, YEAR=2020/MONTH=02/DAY=29",
        "2000-01-01T00:00:00Z, YEAR=2000/MONTH=01/DAY=01",
        "2099-12-31T23:59:59.999999Z, YEAR=2099/MONTH=12/DAY=31",
        "1969-12-31T23:59:59.999999Z, YEAR=1969/MONTH=12/DAY=31",
    })
    void defaultPatternIsTheUtcDay(String instant, String bucket) {
        assertThat(daily.bucketOf(micros(instant))).isEqualTo(bucket);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2019-08-23T17:02:11.701074Z, YEAR=2019/MONTH=08/DAY=23/HOUR=17",
        "2019-08-23T23:59:59.999999Z, YEAR=2019/MONTH=08/DAY=23/HOUR=23",
        "2019-08-24T00:00:00Z, YEAR=2019/MONTH=08/DAY=24/HOUR=00",
        "2019-08-24T09:59:59Z, YEAR=2019/MONTH=08/DAY=24/HOUR=09",
    })
    void hourlyPattern(String instant, String bucket) {
        assertThat(hourly.bucketOf(micros(instant))).isEqualTo(bucket);
    }

    @Test
    void aMinusThreeHoursEveningIsTheNextUtcDay() {
        long micros =
                Timestamps.toEpochMicros(Timestamps.parseInstant("2021-07-13T22:30:00-03:00"));
        assertThat(daily.bucketOf(micros)).isEqualTo("YEAR=2021/MONTH=07/DAY=14");
        assertThat(hourly.bucketOf(micros)).isEqualTo("YEAR=2021/MONTH=07/DAY=14/HOUR=01");
    }

    @Test
    void theJvmDefaultTimeZoneDoesNotMatter() {
        TimeZone saved = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/Sao_Paulo"));
            EventTimeBucketAssigner a =
                    new EventTimeBucketAssigner(EventTimeBucketAssigner.DEFAULT_PATTERN);
            assertThat(a.bucketOf(micros("2019-08-24T01:00:00Z")))
                    .isEqualTo("YEAR=2019/MONTH=08/DAY=24");
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
            assertThat(a.bucketOf(micros("2019-08-23T23:00:00Z")))
                    .isEqualTo("YEAR=2019/MONTH=08/DAY=23");
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void bucketIdOfARowComesFromItsEventTime() {
        GenericData.Record row = new GenericData.Record(LakeSchemas.of(Entity.CHECKOUT));
        row.put(LakeSchemas.EVENT_TIME, micros("2019-08-23T17:02:11.701074Z"));
        // a different last_change must not matter: the partition is the event time's
        row.put("last_change", micros("2001-01-01T00:00:00Z"));
        assertThat(daily.getBucketId(row, null)).isEqualTo("YEAR=2019/MONTH=08/DAY=23");
        assertThat(hourly.getBucketId(row, null)).isEqualTo("YEAR=2019/MONTH=08/DAY=23/HOUR=17");
    }

    @Test
    void anInvalidPatternIsRejectedNamingIt() {
        assertThatThrownBy(() -> new EventTimeBucketAssigner("'YEAR=yyyy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'YEAR=yyyy");
        assertThatThrownBy(() -> new EventTimeBucketAssigner("yyyy/{MM}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("yyyy/{MM}");
    }

    @Test
    void serializerRoundTrip() throws Exception {
        SimpleVersionedSerializer<String> serializer = daily.getSerializer();
        for (String bucket :
                new String[] {
                    "YEAR=2019/MONTH=08/DAY=23",
                    "YEAR=2019/MONTH=08/DAY=23/HOUR=17",
                    "",
                    "d\u00e9j\u00e0"
                }) {
            byte[] bytes = serializer.serialize(bucket);
            assertThat(serializer.deserialize(serializer.getVersion(), bytes)).isEqualTo(bucket);
        }
        assertThat(hourly.getSerializer().getVersion()).isEqualTo(serializer.getVersion());
    }

    @Test
    void javaSerializationKeepsThePatternAndRecompilesTheFormatter() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(hourly);
        }
        EventTimeBucketAssigner copy;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (EventTimeBucketAssigner) in.readObject();
        }
        assertThat(copy.bucketOf(micros("2019-08-23T17:02:11Z")))
                .isEqualTo("YEAR=2019/MONTH=08/DAY=23/HOUR=17");
        assertThat(copy.toString()).isEqualTo(hourly.toString()).contains(HOURLY);
    }
}
