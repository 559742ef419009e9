/**
 * Secret-stage service: the version-stage resource of a CSMS-compatible secrets API.
 */
@NullMarked
package io.secretstage;

import org.jspecify.annotations.NullMarked;
