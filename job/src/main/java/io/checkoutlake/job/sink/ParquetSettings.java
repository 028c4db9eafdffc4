package io.checkoutlake.job.sink;

import io.checkoutlake.job.config.LakeJobConfig;
import io.checkoutlake.job.config.LakeOptions;
import java.io.Serializable;
import java.util.Locale;

/** How lake files are encoded: {@code lake.compression} and {@code lake.dictionary-encoding}. */
public final class ParquetSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ParquetCompression compression;
    private final boolean dictionaryEncoding;

    public ParquetSettings(ParquetCompression compression, boolean dictionaryEncoding) {
        this.compression = compression;
        this.dictionaryEncoding = dictionaryEncoding;
    }

    public static ParquetSettings of(LakeJobConfig config) {
        return new ParquetSettings(
                ParquetCompression.parse(config.get(LakeOptions.LAKE_COMPRESSION)),
                config.get(LakeOptions.LAKE_DICTIONARY_ENCODING));
    }

    public ParquetCompression compression() {
        return compression;
    }

    public boolean dictionaryEncoding() {
        return dictionaryEncoding;
    }

    /** The file name suffix, e.g. {@code .zstd.parquet}. */
    public String fileSuffix() {
        return "." + compression.name().toLowerCase(Locale.ROOT) + ".parquet";
    }
}
