/**
 * The audit trail: one row for every change, written in the change's transaction.
 */
@NullMarked
package io.secretstage.audit;

import org.jspecify.annotations.NullMarked;
