package io.checkoutlake.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.job.coverage.FolderCoverage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The serialised form is in savepoints of backfills: it must not change. */
class FolderSplitSerializerTest {
    private static final FolderSplit PLAIN = new FolderSplit("s3a://raw/3A_Ordér/", 7, null);
    private static final FolderSplit COVERED =
            new FolderSplit(
                    "file:///raw/a",
                    2,
                    new FolderCoverage(1_000L, Map.of("x/id/1.json", 5L, "x/id/é.json", 6L)));

    @Test
    void writesTheVersion2FormOfDataOutputStream() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(expected)) {
            out.writeUTF("file:///raw/a");
            out.writeLong(2);
            out.writeBoolean(true);
            out.writeLong(1_000L);
            out.writeInt(2);
            out.writeUTF("x/id/1.json");
            out.writeLong(5L);
            out.writeUTF("x/id/é.json");
            out.writeLong(6L);
        }
        assertThat(new FolderSplitSerializer.Splits().serialize(COVERED))
                .isEqualTo(expected.toByteArray());
    }

    @Test
    void readsWhatItWritesAndVersion1() throws IOException {
        FolderSplitSerializer.Splits splits = new FolderSplitSerializer.Splits();
        assertThat(splits.deserialize(2, splits.serialize(PLAIN)))
                .usingRecursiveComparison()
                .isEqualTo(PLAIN);
        assertThat(splits.deserialize(2, splits.serialize(COVERED)))
                .usingRecursiveComparison()
                .isEqualTo(COVERED);

        ByteArrayOutputStream v1 = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(v1)) {
            out.writeUTF("s3a://raw/3A_Ordér/");
            out.writeLong(7);
        }
        assertThat(splits.deserialize(1, v1.toByteArray()))
                .usingRecursiveComparison()
                .isEqualTo(PLAIN);

        FolderSplitSerializer.Remaining remaining = new FolderSplitSerializer.Remaining();
        assertThat(remaining.deserialize(2, remaining.serialize(List.of(PLAIN, COVERED))))
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactly(PLAIN, COVERED);
    }
}
