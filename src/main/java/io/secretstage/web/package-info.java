/**
 * The API's Spring MVC: how routes are looked up and handlers called, the value types of
 * the path and their patterns, JSON bodies read strictly, and the OpenAPI document.
 */
@NullMarked
package io.secretstage.web;

import org.jspecify.annotations.NullMarked;
