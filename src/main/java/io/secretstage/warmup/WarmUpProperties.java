package io.secretstage.warmup;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The warm-up before the service reports ready.
 *
 * @param requests how many reads of one stage the warm-up sends at least before the
 * instance reports ready; {@code 0} turns the warm-up off
 * @param connections how many warm-up reads are sent at a time, each on a connection of
 * its own
 * @param collections how many times the garbage collector must have run after the stage
 * cache's first fill before the warm-up ends, with at most 20 times {@code requests}
 * reads in all
 */
@ConfigurationProperties("csms.warm-up")
record WarmUpProperties(@DefaultValue("10000") int requests, @DefaultValue("8") int connections,
		@DefaultValue("2") int collections) {

}
