package io.secretstage.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Spring MVC serves the API.
 *
 * @param handlerShortcuts whether the handlers get their path values and write their
 * response bodies without Spring MVC's general argument resolution and message converters
 * (the same answers, less CPU per request); {@code false} serves every request through
 * Spring MVC's own, for instance should a Spring upgrade break the shortcuts
 */
@ConfigurationProperties("csms.web")
record WebProperties(@DefaultValue("true") boolean handlerShortcuts) {

}
