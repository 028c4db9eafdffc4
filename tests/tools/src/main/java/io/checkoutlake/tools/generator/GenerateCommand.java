package io.checkoutlake.tools.generator;

import io.checkoutlake.job.config.ByteSizes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code Tools generate --out DIR [options]}: writes synthetic raw documents under a local folder,
 * laid out like the raw bucket, for the demo and for benchmarks. Writes nothing but the objects
 * themselves (no manifest): the folder is the job's input.
 */
public final class GenerateCommand {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Sets one builder value from an option's text. */
    private interface Setter {
        void set(GeneratorSettings.Builder b, String option, String text) throws UsageException;
    }

    /** An option of the settings: its builder setting (named in its errors), setter and help. */
    private static final class Option {
        final String name;
        final String setting;
        final Setter setter;

        Option(String name, String setting, Setter setter) {
            this.name = name;
            this.setting = setting;
            this.setter = setter;
        }
    }

    /** In the order they are applied, so that the first bad value reported stays the same. */
    private static final List<Option> SETTINGS = new ArrayList<>();

    static {
        add("seed", "seed", (b, o, t) -> b.seed(wholeNumber(o, t)));
        add("bad-share", "badShare", (b, o, t) -> b.badShare(number(o, t)));
        add("gzip-share", "gzipShare", (b, o, t) -> b.gzipShare(number(o, t)));
        add("bom-share", "bomShare", (b, o, t) -> b.bomShare(number(o, t)));
        add(
                "unknown-field-share",
                "unknownFieldShare",
                (b, o, t) -> b.unknownFieldShare(number(o, t)));
        add("checkout-share", "checkoutShare", (b, o, t) -> b.checkoutShare(number(o, t)));
        add(
                "versions-per-order",
                "versionsPerOrder",
                (b, o, t) -> b.versionsPerOrder(intValue(o, wholeNumber(o, t))));
        add("min-size", "minDocumentBytes", (b, o, t) -> b.minDocumentBytes(bytes(o, t)));
        add("max-size", "maxDocumentBytes", (b, o, t) -> b.maxDocumentBytes(bytes(o, t)));
        add("start", "eventTimeStart", (b, o, t) -> b.eventTimeStart(instant(o, t)));
        add("end", "eventTimeEnd", (b, o, t) -> b.eventTimeEnd(instant(o, t)));
    }

    private static void add(String name, String setting, Setter setter) {
        SETTINGS.add(new Option(name, setting, setter));
    }

    private GenerateCommand() {}

    /** Runs with the process's streams; returns the exit code (0 done, 1 failed, 2 bad usage). */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                out.println(usage());
                return OK;
            }
        }
        Map<String, String> options;
        Path dir;
        long count;
        double rate;
        GeneratorSettings settings;
        try {
            options = parse(args);
            dir = out(options.get("out"));
            String countText = options.get("count");
            count = countText == null ? 1_000 : wholeNumber("count", countText);
            String rateText = options.get("rate");
            rate = rateText == null ? 0 : number("rate", rateText);
            if (count < 0) {
                throw UsageException.forOption("count", "must not be negative, got " + count);
            }
            if (rate < 0 || Double.isInfinite(rate)) {
                throw UsageException.forOption(
                        "rate",
                        "must be 0 or a positive number of documents per second, got " + rateText);
            }
            settings = settings(options);
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println("Run with --help for the options.");
            return USAGE;
        }
        try {
            write(dir, count, rate, settings, out);
            return OK;
        } catch (IOException e) {
            // The message names the path; no document content is ever part of it.
            err.println("generate: cannot write under " + dir + ": " + e);
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("generate: interrupted");
            return FAILED;
        }
    }

    static String usage() {
        GeneratorSettings d = GeneratorSettings.defaults();
        String[] lines = {
            "Usage: java -cp job/target/checkout-lake.jar:tests/tools/target/checkout-lake-tools.jar"
                    + " io.checkoutlake.tools.Tools generate --out DIR [options]",
            "",
            "Writes synthetic raw checkout and fulfillment documents under DIR, laid out like the",
            "raw bucket (<HH>_CheckoutOrder/<id>/id/<object>). Each file appears whole: it is",
            "written as a hidden .<name>.tmp and then renamed.",
            "",
            "--out DIR|folder to write under, created if missing (required)",
            "--count N|objects to write (default 1000; 0 = until stopped)",
            "--rate DOCS_PER_SECOND|pace (default 0 = as fast as possible)",
            "--seed N|the same seed writes the same objects (default " + d.seed() + ")",
            "--bad-share F|share of broken objects, 0..1 (default " + d.badShare() + ")",
            "--gzip-share F|share stored gzip-compressed as .json.gz (default "
                    + d.gzipShare()
                    + ")",
            "--bom-share F|share starting with a UTF-8 byte-order mark (default "
                    + d.bomShare()
                    + ")",
            "--unknown-field-share F|share of valid documents with one field the schema",
            "|does not know (default " + d.unknownFieldShare() + ")",
            "--checkout-share F|share of checkout orders; the others are fulfillment",
            "|orders (default " + d.checkoutShare() + ")",
            "--versions-per-order N|consecutive versions of each order (default "
                    + d.versionsPerOrder()
                    + ")",
            "--min-size BYTES|smallest valid document, e.g. 5000 or 5kb (default "
                    + d.minDocumentBytes()
                    + ")",
            "--max-size BYTES|largest valid document, at least "
                    + GeneratorSettings.SMALLEST_MAX_DOCUMENT_BYTES
                    + " (default "
                    + d.maxDocumentBytes()
                    + ")",
            "--start INSTANT|earliest event time, e.g. 2019-01-01T00:00:00Z or 2019-01-01",
            "|(default " + d.eventTimeStart() + ")",
            "--end INSTANT|event times are before this (default " + d.eventTimeEnd() + ")",
            "--help|this text"
        };
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            int bar = line.indexOf('|');
            String shown =
                    bar < 0
                            ? line
                            : String.format(
                                    Locale.ROOT,
                                    "  %-27s%s",
                                    line.substring(0, bar),
                                    line.substring(bar + 1));
            text.append(text.length() == 0 ? "" : "\n").append(shown);
        }
        return text.toString();
    }

    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }

        static UsageException forOption(String option, String problem) {
            return new UsageException("--" + option + ": " + problem);
        }
    }

    /** {@code --key value} or {@code --key=value}. */
    private static Map<String, String> parse(String[] args) throws UsageException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("generate: unexpected argument '" + arg + "'");
            }
            String key = arg.substring(2);
            String value;
            int equals = key.indexOf('=');
            if (equals >= 0) {
                value = key.substring(equals + 1);
                key = key.substring(0, equals);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw UsageException.forOption(key, "needs a value");
            }
            String name = key;
            if (!key.equals("out")
                    && !key.equals("count")
                    && !key.equals("rate")
                    && SETTINGS.stream().noneMatch(o -> o.name.equals(name))) {
                throw UsageException.forOption(key, "unknown option");
            }
            if (options.put(key, value) != null) {
                throw UsageException.forOption(key, "given more than once");
            }
        }
        return options;
    }

    private static Path out(String text) throws UsageException {
        if (text == null || text.isBlank()) {
            throw UsageException.forOption(
                    "out", "required: the folder to write the raw objects under");
        }
        Path out;
        try {
            out = Paths.get(text);
        } catch (InvalidPathException e) {
            throw UsageException.forOption("out", "not a path: '" + text + "'");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw UsageException.forOption("out", "'" + text + "' exists and is not a folder");
        }
        return out;
    }

    private static GeneratorSettings settings(Map<String, String> options) throws UsageException {
        GeneratorSettings.Builder b = GeneratorSettings.builder();
        for (Option option : SETTINGS) {
            String text = options.get(option.name);
            if (text != null) {
                option.setter.set(b, option.name, text);
            }
        }
        try {
            return b.build();
        } catch (GeneratorSettings.InvalidSettingException e) {
            String name = e.setting();
            for (Option option : SETTINGS) {
                if (option.setting.equals(e.setting())) {
                    name = option.name;
                }
            }
            throw UsageException.forOption(name, e.problem());
        }
    }

    private static long wholeNumber(String option, String text) throws UsageException {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw UsageException.forOption(option, "not a whole number: '" + text + "'");
        }
    }

    private static double number(String option, String text) throws UsageException {
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isNaN(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw UsageException.forOption(option, "not a number: '" + text + "'");
        }
    }

    /** Bytes as a bare number ({@code 5000}) or with a unit ({@code 5kb}, binary). */
    private static int bytes(String option, String text) throws UsageException {
        String trimmed = text.trim();
        if (trimmed.matches("\\d+")) {
            return intValue(option, wholeNumber(option, trimmed));
        }
        try {
            return intValue(option, ByteSizes.parse(trimmed));
        } catch (IllegalArgumentException e) {
            throw UsageException.forOption(option, e.getMessage());
        }
    }

    private static int intValue(String option, long value) throws UsageException {
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw UsageException.forOption(option, "too large: " + value);
        }
        return (int) value;
    }

    /** An ISO instant ({@code 2019-01-01T00:00:00Z}) or a UTC date ({@code 2019-01-01}). */
    private static Instant instant(String option, String text) throws UsageException {
        String trimmed = text.trim();
        try {
            if (trimmed.length() == 10) {
                return LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(trimmed);
        } catch (DateTimeParseException e) {
            throw UsageException.forOption(
                    option,
                    "not an instant such as 2019-01-01T00:00:00Z or 2019-01-01: '" + trimmed + "'");
        }
    }

    private static void write(
            Path dir, long count, double rate, GeneratorSettings settings, PrintStream out)
            throws IOException, InterruptedException {
        RawFolderWriter writer = new RawFolderWriter(dir);
        Files.createDirectories(writer.root());
        RawDocumentGenerator generator = new RawDocumentGenerator(settings);
        long started = System.nanoTime();
        long nextProgress = started + PROGRESS_EVERY_NANOS;
        long written = 0;
        long bad = 0;
        long bytes = 0;
        while (count == 0 || written < count) {
            if (rate > 0) {
                TimeUnit.NANOSECONDS.sleep(
                        started + (long) (written * 1e9 / rate) - System.nanoTime());
            }
            GeneratedObject object = generator.next();
            writer.write(object);
            written++;
            bytes += object.size();
            bad += object.isValid() ? 0 : 1;
            long now = System.nanoTime();
            if (now >= nextProgress) {
                out.println(summary("written", written, bad, bytes, now - started, writer.root()));
                nextProgress = now + PROGRESS_EVERY_NANOS;
            }
        }
        out.println(
                summary("wrote", written, bad, bytes, System.nanoTime() - started, writer.root()));
    }

    private static String summary(
            String verb, long written, long bad, long bytes, long nanos, Path root) {
        double seconds = nanos / 1e9;
        return String.format(
                Locale.ROOT,
                "generate: %s %d objects (%d bad, %.1f MB) under %s in %.1f s (%.0f objects/s)",
                verb,
                written,
                bad,
                bytes / 1e6,
                root,
                seconds,
                seconds > 0 ? written / seconds : 0.0);
    }
}
