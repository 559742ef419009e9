package io.secretstage.secret;

import io.secretstage.web.DecimalIntegerEditor;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * {@code limit}, the integer query parameter of ListSecrets and ListSecretVersions,
 * strictly decimal. Bound for those two controllers and that parameter only: a global
 * binder initializer ran on every path variable of every request and cost the read path
 * 9% (bench/RESULTS.md).
 */
@ControllerAdvice(assignableTypes = { SecretController.class, SecretVersionController.class })
class ListLimitBinding {

	@InitBinder("limit")
	void decimalLimit(WebDataBinder binder) {
		binder.registerCustomEditor(int.class, new DecimalIntegerEditor());
	}

}
