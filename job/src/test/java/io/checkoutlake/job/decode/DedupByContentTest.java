package io.checkoutlake.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.functions.model.DeadLetterReason;
import io.checkoutlake.functions.model.RawObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DedupByContentTest {
    private static final String KEY = "s3://raw/3A_CheckoutOrder/abc/id/doc.json";

    private static KeyedOneInputStreamOperatorTestHarness<String, RawObject, RawObject> harness(
            Duration retention) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, RawObject, RawObject> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new DedupByContent(retention)),
                        o -> o.uri,
                        Types.STRING);
        h.open();
        return h;
    }

    private static RawObject object(String uri, String text) {
        return RawObject.of(uri, text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<RawObject> out(
            KeyedOneInputStreamOperatorTestHarness<String, RawObject, RawObject> h) {
        return h.extractOutputValues();
    }

    @Test
    void identicalContentUnderTheSameKeyIsADuplicate() throws Exception {
        var h = harness(Duration.ofDays(7));
        h.processElement(new StreamRecord<>(object(KEY, "{\"v\":1}")));
        h.processElement(new StreamRecord<>(object(KEY, "{\"v\":1}")));
        List<RawObject> out = out(h);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).failure).isNull();
        assertThat(out.get(1).failure).isEqualTo(DeadLetterReason.DUPLICATE);
        assertThat(out.get(1).bytes).isNull();
        assertThat(out.get(1).uri).isEqualTo(KEY);
    }

    @Test
    void aNewVersionUnderTheSameKeyAndTheSameContentUnderAnotherKeyPass() throws Exception {
        var h = harness(Duration.ofDays(7));
        h.processElement(new StreamRecord<>(object(KEY, "{\"v\":1}")));
        h.processElement(new StreamRecord<>(object(KEY, "{\"v\":2}")));
        h.processElement(new StreamRecord<>(object(KEY + "2", "{\"v\":2}")));
        h.processElement(new StreamRecord<>(object(KEY, "{\"v\":1}")));
        assertThat(out(h).stream().map(o -> o.failure).collect(Collectors.toList()))
                .containsOnlyNulls()
                .hasSize(4);
    }

    @Test
    void fetchFailuresAndNonOrdersPassUntouched() throws Exception {
        var h = harness(Duration.ofDays(7));
        RawObject missing = RawObject.failed(KEY, DeadLetterReason.OBJECT_NOT_FOUND, "gone");
        h.processElement(new StreamRecord<>(missing));
        h.processElement(new StreamRecord<>(missing));
        h.processElement(new StreamRecord<>(RawObject.of("s3://raw/readme.txt", null)));
        assertThat(out(h))
                .extracting(o -> o.failure)
                .containsExactly(
                        DeadLetterReason.OBJECT_NOT_FOUND, DeadLetterReason.OBJECT_NOT_FOUND, null);
    }

    @Test
    void theDigestSurvivesASnapshotAndRestore() throws Exception {
        var h = harness(Duration.ofDays(7));
        h.processElement(new StreamRecord<>(object(KEY, "{\"v\":1}")));
        OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
        h.close();

        var restored =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new DedupByContent(Duration.ofDays(7))),
                        (RawObject o) -> o.uri,
                        Types.STRING);
        restored.initializeState(snapshot);
        restored.open();
        restored.processElement(new StreamRecord<>(object(KEY, "{\"v\":1}")));
        assertThat(restored.extractOutputValues())
                .extracting(o -> o.failure)
                .containsExactly(DeadLetterReason.DUPLICATE);
    }

    @Test
    void theDigestExpiresAfterTheRetention() throws Exception {
        var h = harness(Duration.ofMinutes(10));
        h.setStateTtlProcessingTime(0);
        h.processElement(new StreamRecord<>(object(KEY, "{\"v\":1}")));
        h.setStateTtlProcessingTime(Duration.ofMinutes(11).toMillis());
        h.processElement(new StreamRecord<>(object(KEY, "{\"v\":1}")));
        assertThat(out(h)).extracting(o -> o.failure).containsOnlyNulls();
    }

    @Test
    void zeroRetentionDisablesDeduplication() throws Exception {
        var h = harness(Duration.ZERO);
        h.processElement(new StreamRecord<>(object(KEY, "{\"v\":1}")));
        h.processElement(new StreamRecord<>(object(KEY, "{\"v\":1}")));
        assertThat(out(h)).extracting(o -> o.failure).containsOnlyNulls();
    }
}
