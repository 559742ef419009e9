package io.secretstage.password;

/**
 * The answer of GenerateRandomPassword.
 *
 * @param password the new password
 */
record PasswordResponse(String password) {

	// Without the password: a log line that prints this answer (Spring MVC's, at debug,
	// with the handlers' shortcuts turned off) must not hold it.
	@Override
	public String toString() {
		return "PasswordResponse[password=(" + this.password.length() + " characters)]";
	}

}
