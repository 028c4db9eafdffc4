package io.checkoutlake.tests.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkoutlake.tests.ChildProcess;
import io.checkoutlake.tests.LakeOutcomes;
import io.checkoutlake.tools.generator.GeneratedObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's hand-off through the real process: {@code --mode backfill} over a raw prefix while
 * objects keep arriving, then {@code --mode stream} on the same prefix with the defaults, then new
 * objects: each object once in the lake or the dead letters. An object overwritten after the
 * backfill read it is read again by the stream (its new version). Then one folder is backfilled
 * again while the stream runs ({@code --backfill.resume false --backfill.covered-only true}): it
 * rewrites what its first run read, and nothing the stream wrote is written twice.
 */
class BackfillThenStreamJarITCase {
    @TempDir java.nio.file.Path dir;

    @Test
    @Timeout(600)
    void loadTheHistoryThenGoLiveAndBackfillAgainWhileTheStreamRuns() throws Exception {
        HandOffRuns runs = new HandOffRuns(dir, 7);
        List<GeneratedObject> history = runs.write(60);

        // The backfill, while objects keep arriving: some before its listing, some after.
        ExecutorService background = Executors.newSingleThreadExecutor();
        List<GeneratedObject> duringBackfill = Collections.synchronizedList(new ArrayList<>());
        try (ChildProcess backfill = runs.start("backfill", "--mode", "backfill")) {
            Future<?> arriving =
                    background.submit(
                            () -> {
                                for (int i = 0; i < 10; i++) {
                                    duringBackfill.addAll(runs.write(2));
                                    Thread.sleep(1_000);
                                }
                                return null;
                            });
            arriving.get(60, TimeUnit.SECONDS);
            assertThat(backfill.awaitExit(Duration.ofMinutes(3)))
                    .as("the backfill succeeds: %s", backfill.tail())
                    .isZero();
        } finally {
            background.shutdownNow();
        }
        assertThat(duringBackfill).hasSize(20);

        // After the backfill, before the stream: a backfilled object gets a new version.
        GeneratedObject changed = firstValid(history, null);
        GeneratedObject replacement = firstValid(history, changed);
        runs.writer.write(changed.key(), replacement.bytes());
        String changedUri = runs.uri(changed.key());

        Map<String, List<String>> want = new TreeMap<>();
        runs.expected.forEach((uri, outcome) -> want.put(uri, List.of(outcome)));
        want.put(changedUri, List.of(LakeOutcomes.ROW, LakeOutcomes.ROW));

        try (ChildProcess stream = runs.start("stream", HandOffRuns.stream())) {
            stream.awaitOutputs(
                    runs.lake, runs.deadLetters, runs.expected.keySet(), Duration.ofMinutes(2));
            awaitOutcomes(stream, runs, want);

            // Live: new objects arrive.
            List<GeneratedObject> live = runs.write(20);
            live.forEach(
                    o ->
                            want.put(
                                    runs.uri(o.key()),
                                    List.of(runs.expected.get(runs.uri(o.key())))));
            awaitOutcomes(stream, runs, want);
            assertOutcomes(runs, want, "backfill, then stream, then new objects");

            // Folders backfilled again while the stream runs: that of the changed object, one that
            // also holds an object the stream read, and one the first backfill never saw (its
            // objects are all the stream's: it is skipped).
            java.util.Set<String> backfilled = new java.util.TreeSet<>();
            history.forEach(o -> backfilled.add(folderOf(o)));
            duringBackfill.forEach(o -> backfilled.add(folderOf(o)));
            String shared =
                    live.stream()
                            .map(BackfillThenStreamJarITCase::folderOf)
                            .filter(backfilled::contains)
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "no live object in a backfilled folder"));
            String unseen =
                    live.stream()
                            .map(BackfillThenStreamJarITCase::folderOf)
                            .filter(f -> !backfilled.contains(f))
                            .findFirst()
                            .orElseThrow();
            String rebackfilled = folderOf(changed) + "," + shared + "," + unseen;
            try (ChildProcess again =
                    runs.start(
                            "backfill-again",
                            "--mode",
                            "backfill",
                            "--backfill.folders",
                            rebackfilled,
                            "--backfill.resume",
                            "false",
                            "--backfill.covered-only",
                            "true")) {
                assertThat(again.awaitExit(Duration.ofMinutes(3)))
                        .as("the second backfill succeeds: %s", again.tail())
                        .isZero();
            }
            // The first version of the changed object no longer exists: the folder's backfill
            // files are rewritten from the objects it covers that are still there, unchanged.
            want.put(changedUri, List.of(LakeOutcomes.ROW));
            Thread.sleep(3_000);
            assertOutcomes(runs, want, "after backfilling " + rebackfilled + " again");
        }
    }

    private static GeneratedObject firstValid(List<GeneratedObject> objects, GeneratedObject not) {
        return objects.stream()
                .filter(GeneratedObject::isValid)
                .filter(o -> not == null || (o != not && o.entity() == not.entity()))
                .findFirst()
                .orElseThrow();
    }

    private static String folderOf(GeneratedObject o) {
        return o.key().substring(0, o.key().indexOf('/'));
    }

    private static void awaitOutcomes(
            ChildProcess stream, HandOffRuns runs, Map<String, List<String>> want)
            throws InterruptedException {
        stream.awaitWhileRunning(
                () -> {
                    try {
                        return runs.outcomes().outputs()
                                >= want.values().stream().mapToInt(List::size).sum();
                    } catch (IOException e) {
                        return false;
                    }
                },
                Duration.ofMinutes(2),
                Duration.ofMillis(500));
        Thread.sleep(3_000);
    }

    private static void assertOutcomes(
            HandOffRuns runs, Map<String, List<String>> want, String when) throws IOException {
        Map<String, List<String>> got = new TreeMap<>();
        runs.outcomes()
                .bySource()
                .forEach(
                        (uri, outcomes) -> {
                            List<String> sorted = new ArrayList<>(outcomes);
                            Collections.sort(sorted);
                            got.put(uri, sorted);
                        });
        Map<String, List<String>> duplicated = new TreeMap<>();
        got.forEach(
                (uri, outcomes) -> {
                    if (!outcomes.equals(want.get(uri))) {
                        duplicated.put(uri, outcomes);
                    }
                });
        assertThat(duplicated)
                .as("%s: objects whose outcomes differ from %s", when, "the expected")
                .isEmpty();
        assertThat(got.keySet())
                .as("%s: every object has its outcome", when)
                .isEqualTo(want.keySet());
    }
}
