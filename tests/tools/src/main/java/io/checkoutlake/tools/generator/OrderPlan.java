package io.checkoutlake.tools.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.checkoutlake.functions.model.Entity;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What stays the same across the versions of one order: where it is stored, its store and buyer,
 * when it was created, and when each version changed it.
 */
final class OrderPlan {
    private static final long HUNDRED_NANOS_PER_SECOND = 10_000_000L;

    /** Share of orders whose first version has no LastChange yet (only CreationDate). */
    private static final double CREATION_ONLY_SHARE = 0.1;

    final Entity entity;

    /** Two upper-case hex digits, drawn independently of the id. */
    final String folder;

    /** 32 lower-case hex digits. */
    final String id;

    final Store store;

    /** The buyer, as ClientProfileData holds it. */
    final ObjectNode customer;

    final Instant creationDate;

    /** Per version; null where the version carries no LastChange. */
    private final Instant[] lastChanges;

    private int versionsTaken;

    private OrderPlan(
            Entity entity,
            String folder,
            String id,
            Store store,
            ObjectNode customer,
            Instant creationDate,
            Instant[] lastChanges) {
        this.entity = entity;
        this.folder = folder;
        this.id = id;
        this.store = store;
        this.customer = customer;
        this.creationDate = creationDate;
        this.lastChanges = lastChanges;
    }

    /**
     * Event times of the versions are uniform in the settings' range and ascending. CreationDate
     * lies a little before the first; an order created without LastChange has its creation as the
     * first event time instead, so that every event time stays within the range.
     */
    static OrderPlan create(SplittableRandom random, GeneratorSettings settings) {
        Entity entity =
                random.nextDouble() < settings.checkoutShare()
                        ? Entity.CHECKOUT
                        : Entity.FULFILLMENT;
        String folder = Words.upperHex(random, 2);
        String id = Words.hex(random, 32);
        Store store = Store.pick(random);
        ObjectNode customer = customer(random, store);

        int versions = settings.versionsPerOrder();
        Instant[] times = new Instant[versions];
        for (int i = 0; i < versions; i++) {
            times[i] = uniform(random, settings.eventTimeStart(), settings.eventTimeEnd());
        }
        Arrays.sort(times);
        Instant creation;
        if (random.nextDouble() < CREATION_ONLY_SHARE) {
            creation = times[0];
            times[0] = null;
        } else {
            long before =
                    HUNDRED_NANOS_PER_SECOND + random.nextLong(3 * 3600 * HUNDRED_NANOS_PER_SECOND);
            creation = minusHundredNanos(times[0], before);
        }
        return new OrderPlan(entity, folder, id, store, customer, creation, times);
    }

    /** A synthetic buyer; e-mail addresses use the reserved example.* domains. */
    private static ObjectNode customer(SplittableRandom random, Store store) {
        String first = Catalog.pick(random, Words.FIRST_NAMES);
        String last = Catalog.pick(random, Words.LAST_NAMES);
        String email =
                Words.ascii(first)
                        + '.'
                        + Words.ascii(last)
                        + random.nextInt(100)
                        + '@'
                        + Catalog.pick(random, Words.list("example.com|example.org|example.net"));
        boolean corporate = random.nextInt(20) == 0;
        return Json.parse(
                "{'email':%s,'firstName':%s,'lastName':%s,'documentType':%s,'document':%s,"
                        + "'phone':%s,'corporateName':%s,'isCorporate':%s,'userProfileId':%s}",
                email,
                first,
                last,
                store.documentType,
                Store.fill(random, store.documentPattern),
                Store.fill(random, store.phonePattern),
                corporate ? last + " & " + Catalog.pick(random, Words.LAST_NAMES) + " Ltda" : null,
                corporate,
                Words.uuid(random));
    }

    boolean hasMoreVersions() {
        return versionsTaken < lastChanges.length;
    }

    /** The next version number, from 1. */
    int takeVersion() {
        return ++versionsTaken;
    }

    /** LastChange of a version (from 1), or null when it has none. */
    Instant lastChange(int version) {
        return lastChanges[version - 1];
    }

    /** Uniform in [start, end), at the 100 ns resolution of the raw timestamps. */
    static Instant uniform(SplittableRandom random, Instant start, Instant end) {
        Instant alignedStart = alignUp(start);
        Duration span = Duration.between(alignedStart, end);
        long units = span.getSeconds() * HUNDRED_NANOS_PER_SECOND + span.getNano() / 100;
        long offset = units <= 1 ? 0 : random.nextLong(units);
        return alignedStart
                .plusSeconds(offset / HUNDRED_NANOS_PER_SECOND)
                .plusNanos((offset % HUNDRED_NANOS_PER_SECOND) * 100);
    }

    static Instant minusHundredNanos(Instant t, long units) {
        return t.minusSeconds(units / HUNDRED_NANOS_PER_SECOND)
                .minusNanos((units % HUNDRED_NANOS_PER_SECOND) * 100);
    }

    static Instant plusHundredNanos(Instant t, long units) {
        return t.plusSeconds(units / HUNDRED_NANOS_PER_SECOND)
                .plusNanos((units % HUNDRED_NANOS_PER_SECOND) * 100);
    }

    // The documents cannot name a finer instant, so neither may the plan.
    private static Instant alignUp(Instant t) {
        int rest = t.getNano() % 100;
        return rest == 0 ? t : t.plusNanos(100 - rest);
    }
}
