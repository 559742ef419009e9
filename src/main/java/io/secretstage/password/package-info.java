/**
 * Random passwords (GenerateRandomPassword), drawn for a caller and never stored.
 */
@NullMarked
package io.secretstage.password;

import org.jspecify.annotations.NullMarked;
