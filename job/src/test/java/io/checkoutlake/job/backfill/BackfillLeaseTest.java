package io.checkoutlake.job.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.checkoutlake.job.coverage.BackfillMarkers;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillLeaseTest {
    @TempDir Path lake;

    @Test
    void aSecondRunOnASharedFolderIsRefusedNamingTheFolderAndTheLease() throws Exception {
        try (BackfillLease first =
                BackfillLease.acquire(
                        lake.toUri(), List.of("00_CheckoutOrder", "01_CheckoutOrder"))) {
            assertThatThrownBy(
                            () ->
                                    BackfillLease.acquire(
                                            lake.toUri(),
                                            List.of("01_CheckoutOrder", "02_CheckoutOrder")))
                    .isInstanceOf(BackfillRefusedException.class)
                    .hasMessageContaining("another backfill is writing folder(s) 01_CheckoutOrder")
                    .hasMessageContaining(leases().toUri().getPath());
            // The refused run leaves no claim behind, and other folders stay free.
            assertThat(claims()).hasSize(1);
            try (BackfillLease other =
                    BackfillLease.acquire(lake.toUri(), List.of("02_CheckoutOrder"))) {
                assertThat(claims()).hasSize(2);
                other.check();
            }
            first.check();
        }
        assertThat(claims()).isEmpty();
        BackfillLease.acquire(lake.toUri(), List.of("01_CheckoutOrder")).close();
    }

    @Test
    void anExpiredClaimDoesNotBlock() throws Exception {
        writeClaim("old", "some-other-host", 1, System.currentTimeMillis() - 1_000);
        try (BackfillLease lease =
                BackfillLease.acquire(lake.toUri(), List.of("00_CheckoutOrder"))) {
            assertThat(claims())
                    .hasSize(1)
                    .noneMatch(p -> p.getFileName().toString().equals("old.json"));
        }
    }

    @Test
    void anUnexpiredClaimOfAnotherHostBlocks() throws Exception {
        writeClaim("live", "some-other-host", 1, System.currentTimeMillis() + 60_000);
        assertThatThrownBy(() -> BackfillLease.acquire(lake.toUri(), List.of("00_CheckoutOrder")))
                .isInstanceOf(BackfillRefusedException.class)
                .hasMessageContaining("live.json")
                .hasMessageContaining("some-other-host");
    }

    @Test
    void theClaimOfAProcessOfThisHostThatIsGoneDoesNotBlock() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        writeClaim(
                "killed",
                InetAddress.getLocalHost().getHostName(),
                ended.pid(),
                System.currentTimeMillis() + 60_000);
        try (BackfillLease lease =
                BackfillLease.acquire(lake.toUri(), List.of("00_CheckoutOrder"))) {
            lease.check();
        }
        assertThat(claims()).isEmpty();
    }

    @Test
    void aRunWhoseClaimWasTakenNoLongerPassesTheCheck() throws Exception {
        try (BackfillLease lease =
                BackfillLease.acquire(lake.toUri(), List.of("00_CheckoutOrder"))) {
            for (Path p : claims()) {
                Files.delete(p);
            }
            assertThatThrownBy(lease::check)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("gone");
        }
    }

    private Path leases() {
        return lake.resolve(BackfillMarkers.FOLDER).resolve(BackfillLease.FOLDER);
    }

    private List<Path> claims() throws IOException {
        if (!Files.isDirectory(leases())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(leases())) {
            return files.filter(p -> !p.getFileName().toString().startsWith("."))
                    .collect(java.util.stream.Collectors.toList());
        }
    }

    private void writeClaim(String id, String host, long pid, long expiresAtMillis)
            throws IOException {
        Files.createDirectories(leases());
        Files.write(
                leases().resolve(id + ".json"),
                ("{\"id\":\""
                                + id
                                + "\",\"host\":\""
                                + host
                                + "\",\"pid\":"
                                + pid
                                + ",\"started\":\"2026-01-01T00:00:00Z\",\"expiresAtMillis\":"
                                + expiresAtMillis
                                + ",\"folders\":[\"00_CheckoutOrder\"]}")
                        .getBytes(StandardCharsets.UTF_8));
    }
}
