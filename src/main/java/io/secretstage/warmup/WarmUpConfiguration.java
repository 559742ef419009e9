package io.secretstage.warmup;

import io.secretstage.identity.AccessPolicy;
import io.secretstage.stagecache.StageCacheFill;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The warm-up ({@link ReadPathWarmUp}) and the credentials it reads with, which the
 * security chain takes as the service's own.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WarmUpProperties.class)
class WarmUpConfiguration {

	/** Any one stage: the first the database finds. */
	private static final String ANY_STAGE = "select s.project_id, s.name as secret_name, st.name as stage_name "
			+ "from secret s join secret_stage st on st.secret_id = s.id limit 1";

	/**
	 * The warm-up's credentials, with the roles that reading needs.
	 * @param access the roles each kind of operation needs
	 * @return the credentials, none issued
	 */
	@Bean
	WarmUpCredentials warmUpCredentials(AccessPolicy access) {
		return new WarmUpCredentials(access.roles(AccessPolicy.Operation.READ));
	}

	@Bean
	ReadPathWarmUp readPathWarmUp(WarmUpProperties properties, JdbcClient database, WarmUpCredentials credentials,
			Environment environment, ObjectProvider<StageCacheFill> fill) {
		AnyStage stages = () -> database.sql(ANY_STAGE).query(AnyStage.StagePath.class).optional();
		return new ReadPathWarmUp(properties, stages, credentials, environment, fill);
	}

}
