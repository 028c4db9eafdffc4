package io.checkoutlake.tests.handoff;

import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import io.checkoutlake.tools.generator.GeneratorSettings;
import io.checkoutlake.tools.generator.RawDocumentGenerator;
import io.checkoutlake.tools.generator.RawFolderWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A raw folder, a lake and the jar's arguments, shared by the hand-off tests. */
final class HandOffRuns {
    final Path dir;
    final Path raw;
    final Path lake;
    final Path deadLetters;
    final RawFolderWriter writer;
    final RawDocumentGenerator generator;

    /** The outcome each written object must have, by {@code _source_file}. */
    final Map<String, String> expected = new TreeMap<>();

    HandOffRuns(Path dir, long seed) throws IOException {
        this.dir = dir;
        this.raw = Files.createDirectories(dir.resolve("raw"));
        this.lake = dir.resolve("lake");
        this.deadLetters = dir.resolve("deadletter");
        this.writer = new RawFolderWriter(raw);
        this.generator =
                new RawDocumentGenerator(
                        GeneratorSettings.builder()
                                .seed(seed)
                                .minDocumentBytes(2_000)
                                .maxDocumentBytes(GeneratorSettings.SMALLEST_MAX_DOCUMENT_BYTES)
                                .badShare(0.1)
                                .gzipShare(0.1)
                                // one UTC day: few part files
                                .eventTimeStart(Instant.parse("2019-08-01T02:00:00Z"))
                                .eventTimeEnd(Instant.parse("2019-08-01T22:00:00Z"))
                                .build());
    }

    /** Writes {@code count} new objects; returns them. */
    List<GeneratedObject> write(int count) throws IOException {
        List<GeneratedObject> written = new ArrayList<>();
        for (GeneratedObject o : generator.next(count)) {
            writer.write(o);
            expected.put(uri(o.key()), LakeOutcomes.expectedOutcome(o));
            written.add(o);
        }
        return written;
    }

    String uri(String key) {
        return LakeOutcomes.uriOf(raw, key);
    }

    LakeOutcomes outcomes() throws IOException {
        return LakeOutcomes.read(lake, deadLetters);
    }

    /** {@code java -jar} in its own folder {@code name}, with the paths and {@code args}. */
    ChildProcess start(String name, String... args) throws IOException {
        List<String> all = new ArrayList<>();
        all.addAll(
                List.of(
                        "--source.path",
                        raw.toUri().toString(),
                        "--lake.path",
                        lake.toUri().toString(),
                        "--deadletter.path",
                        deadLetters.toUri().toString(),
                        "--parallelism",
                        "2",
                        "--rest.port",
                        "0"));
        all.addAll(List.of(args));
        return ChildProcess.startJobJar(
                Files.createDirectories(dir.resolve(name)), Map.of(), all.toArray(new String[0]));
    }

    /** Stream mode arguments: listing every 500 ms, a checkpoint (and commit) every second. */
    static String[] stream(String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--mode",
                                "stream",
                                "--source.monitor-interval",
                                "500ms",
                                "--checkpoint.interval",
                                "1s"));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }
}
