/**
 * What a backfill covered (its markers and the object versions of each raw folder), read by both
 * the backfill and the stream sources for the hand-off. It sits below both so that neither depends
 * on the other.
 */
package io.checkoutlake.job.coverage;
