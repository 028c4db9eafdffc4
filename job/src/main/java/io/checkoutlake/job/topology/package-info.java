/**
 * Names of the job's operators, shared by the packages that build them and the job root that wires
 * them; below both so that no package depends on the job root.
 */
package io.checkoutlake.job.topology;
