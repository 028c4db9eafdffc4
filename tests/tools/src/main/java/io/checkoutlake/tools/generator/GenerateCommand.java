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
import java.util.LinkedHashMap;
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

    /** Command-line option, without the dashes, to the settings name it sets. */
    private static final Map<String, String> SETTING_OF_OPTION = new LinkedHashMap<>();

    static {
        SETTING_OF_OPTION.put("seed", "seed");
        SETTING_OF_OPTION.put("bad-share", "badShare");
        SETTING_OF_OPTION.put("gzip-share", "gzipShare");
        SETTING_OF_OPTION.put("bom-share", "bomShare");
        SETTING_OF_OPTION.put("unknown-field-share", "unknownFieldShare");
        SETTING_OF_OPTION.put("checkout-share", "checkoutShare");
        SETTING_OF_OPTION.put("versions-per-order", "versionsPerOrder");
        SETTING_OF_OPTION.put("min-size", "minDocumentBytes");
        SETTING_OF_OPTION.put("max-size", "maxDocumentBytes");
        SETTING_OF_OPTION.put("start", "eventTimeStart");
        SETTING_OF_OPTION.put("end", "eventTimeEnd");
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
        Plan plan;
        try {
            plan = plan(parse(args));
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println("Run with --help for the options.");
            return USAGE;
        }
        try {
            write(plan, out);
            return OK;
        } catch (IOException e) {
            // The message names the path; no document content is ever part of it.
            err.println("generate: cannot write under " + plan.out + ": " + e);
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("generate: interrupted");
            return FAILED;
        }
    }

    static String usage() {
        GeneratorSettings d = GeneratorSettings.defaults();
        return String.join(
                "\n",
                "Usage: java -cp job/target/checkout-lake.jar:tests/tools/target/checkout-lake-tools.jar"
                        + " io.checkoutlake.tools.Tools generate --out DIR [options]",
                "",
                "Writes synthetic raw checkout and fulfillment documents under DIR, laid out like the",
                "raw bucket (<HH>_CheckoutOrder/<id>/id/<object>). Each file appears whole: it is",
                "written as a hidden .<name>.tmp and then renamed.",
                "",
                "  --out DIR                  folder to write under, created if missing (required)",
                "  --count N                  objects to write (default 1000; 0 = until stopped)",
                "  --rate DOCS_PER_SECOND     pace (default 0 = as fast as possible)",
                "  --seed N                   the same seed writes the same objects (default "
                        + d.seed()
                        + ")",
                "  --bad-share F              share of broken objects, 0..1 (default "
                        + d.badShare()
                        + ")",
                "  --gzip-share F             share stored gzip-compressed as .json.gz (default "
                        + d.gzipShare()
                        + ")",
                "  --bom-share F              share starting with a UTF-8 byte-order mark (default "
                        + d.bomShare()
                        + ")",
                "  --unknown-field-share F    share of valid documents with one field the schema",
                "                             does not know (default "
                        + d.unknownFieldShare()
                        + ")",
                "  --checkout-share F         share of checkout orders; the others are fulfillment",
                "                             orders (default " + d.checkoutShare() + ")",
                "  --versions-per-order N     consecutive versions of each order (default "
                        + d.versionsPerOrder()
                        + ")",
                "  --min-size BYTES           smallest valid document, e.g. 5000 or 5kb (default "
                        + d.minDocumentBytes()
                        + ")",
                "  --max-size BYTES           largest valid document, at least "
                        + GeneratorSettings.SMALLEST_MAX_DOCUMENT_BYTES
                        + " (default "
                        + d.maxDocumentBytes()
                        + ")",
                "  --start INSTANT            earliest event time, e.g. 2019-01-01T00:00:00Z or 2019-01-01",
                "                             (default " + d.eventTimeStart() + ")",
                "  --end INSTANT              event times are before this (default "
                        + d.eventTimeEnd()
                        + ")",
                "  --help                     this text");
    }

    /** What to do, validated. */
    private static final class Plan {
        final Path out;
        final long count;
        final double rate;
        final GeneratorSettings settings;

        Plan(Path out, long count, double rate, GeneratorSettings settings) {
            this.out = out;
            this.count = count;
            this.rate = rate;
            this.settings = settings;
        }
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
            if (!key.equals("out")
                    && !key.equals("count")
                    && !key.equals("rate")
                    && !SETTING_OF_OPTION.containsKey(key)) {
                throw UsageException.forOption(key, "unknown option");
            }
            if (options.put(key, value) != null) {
                throw UsageException.forOption(key, "given more than once");
            }
        }
        return options;
    }

    private static Plan plan(Map<String, String> options) throws UsageException {
        String outText = options.get("out");
        if (outText == null || outText.isBlank()) {
            throw UsageException.forOption(
                    "out", "required: the folder to write the raw objects under");
        }
        Path out;
        try {
            out = Paths.get(outText);
        } catch (InvalidPathException e) {
            throw UsageException.forOption("out", "not a path: '" + outText + "'");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw UsageException.forOption("out", "'" + outText + "' exists and is not a folder");
        }
        long count = wholeNumber(options, "count", 1_000);
        double rate = number(options, "rate", 0);
        if (count < 0) {
            throw UsageException.forOption("count", "must not be negative, got " + count);
        }
        if (rate < 0 || Double.isInfinite(rate)) {
            throw UsageException.forOption(
                    "rate",
                    "must be 0 or a positive number of documents per second, got "
                            + options.get("rate"));
        }
        return new Plan(out, count, rate, settings(options));
    }

    private static GeneratorSettings settings(Map<String, String> options) throws UsageException {
        GeneratorSettings.Builder b = GeneratorSettings.builder();
        if (options.containsKey("seed")) {
            b.seed(wholeNumber(options, "seed", 0));
        }
        if (options.containsKey("bad-share")) {
            b.badShare(number(options, "bad-share", 0));
        }
        if (options.containsKey("gzip-share")) {
            b.gzipShare(number(options, "gzip-share", 0));
        }
        if (options.containsKey("bom-share")) {
            b.bomShare(number(options, "bom-share", 0));
        }
        if (options.containsKey("unknown-field-share")) {
            b.unknownFieldShare(number(options, "unknown-field-share", 0));
        }
        if (options.containsKey("checkout-share")) {
            b.checkoutShare(number(options, "checkout-share", 0));
        }
        if (options.containsKey("versions-per-order")) {
            b.versionsPerOrder(
                    intValue("versions-per-order", wholeNumber(options, "versions-per-order", 0)));
        }
        if (options.containsKey("min-size")) {
            b.minDocumentBytes(bytes(options, "min-size"));
        }
        if (options.containsKey("max-size")) {
            b.maxDocumentBytes(bytes(options, "max-size"));
        }
        if (options.containsKey("start")) {
            b.eventTimeStart(instant(options, "start"));
        }
        if (options.containsKey("end")) {
            b.eventTimeEnd(instant(options, "end"));
        }
        try {
            return b.build();
        } catch (GeneratorSettings.InvalidSettingException e) {
            throw UsageException.forOption(optionOf(e.setting()), e.problem());
        }
    }

    private static String optionOf(String setting) {
        for (Map.Entry<String, String> e : SETTING_OF_OPTION.entrySet()) {
            if (e.getValue().equals(setting)) {
                return e.getKey();
            }
        }
        return setting;
    }

    private static long wholeNumber(Map<String, String> options, String key, long fallback)
            throws UsageException {
        String text = options.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw UsageException.forOption(key, "not a whole number: '" + text + "'");
        }
    }

    private static double number(Map<String, String> options, String key, double fallback)
            throws UsageException {
        String text = options.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isNaN(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw UsageException.forOption(key, "not a number: '" + text + "'");
        }
    }

    /** Bytes as a bare number ({@code 5000}) or with a unit ({@code 5kb}, binary). */
    private static int bytes(Map<String, String> options, String key) throws UsageException {
        String text = options.get(key).trim();
        long value;
        if (text.matches("\\d+")) {
            value = wholeNumber(options, key, 0);
        } else {
            try {
                value = ByteSizes.parse(text);
            } catch (IllegalArgumentException e) {
                throw UsageException.forOption(key, e.getMessage());
            }
        }
        return intValue(key, value);
    }

    private static int intValue(String key, long value) throws UsageException {
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw UsageException.forOption(key, "too large: " + value);
        }
        return (int) value;
    }

    /** An ISO instant ({@code 2019-01-01T00:00:00Z}) or a UTC date ({@code 2019-01-01}). */
    private static Instant instant(Map<String, String> options, String key) throws UsageException {
        String text = options.get(key).trim();
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw UsageException.forOption(
                    key,
                    "not an instant such as 2019-01-01T00:00:00Z or 2019-01-01: '" + text + "'");
        }
    }

    private static void write(Plan plan, PrintStream out) throws IOException, InterruptedException {
        RawFolderWriter writer = new RawFolderWriter(plan.out);
        Files.createDirectories(writer.root());
        RawDocumentGenerator generator = new RawDocumentGenerator(plan.settings);
        long started = System.nanoTime();
        long nextProgress = started + PROGRESS_EVERY_NANOS;
        long written = 0;
        long bad = 0;
        long bytes = 0;
        while (plan.count == 0 || written < plan.count) {
            if (plan.rate > 0) {
                paceTo(started + (long) (written * 1e9 / plan.rate));
            }
            GeneratedObject object = generator.next();
            writer.write(object);
            written++;
            bytes += object.size();
            if (!object.isValid()) {
                bad++;
            }
            long now = System.nanoTime();
            if (now >= nextProgress) {
                out.println(summary("written", written, bad, bytes, now - started, writer.root()));
                nextProgress = now + PROGRESS_EVERY_NANOS;
            }
        }
        out.println(
                summary("wrote", written, bad, bytes, System.nanoTime() - started, writer.root()));
    }

    private static void paceTo(long dueNanos) throws InterruptedException {
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
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
