package io.checkoutlake.job.sink;

import java.util.Locale;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** The Parquet codecs {@code lake.compression} offers. */
public enum ParquetCompression {
    ZSTD(CompressionCodecName.ZSTD),
    SNAPPY(CompressionCodecName.SNAPPY);

    private final CompressionCodecName codec;

    ParquetCompression(CompressionCodecName codec) {
        this.codec = codec;
    }

    public CompressionCodecName codec() {
        return codec;
    }

    public static ParquetCompression parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "lake.compression: '" + name + "' is not one of zstd, snappy");
        }
    }
}
