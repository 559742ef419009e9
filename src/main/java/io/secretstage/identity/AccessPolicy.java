package io.secretstage.identity;

import java.util.Set;

import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;

/**
 * Decides whether a caller may act on a project: the token must be scoped to it and,
 * where roles are configured for the kind of operation, carry one of them.
 */
public final class AccessPolicy {

	/** The kinds of operation that can require roles. */
	public enum Operation {

		/** Reading stages, versions and secrets. */
		READ,

		/** Changing them. */
		WRITE,

		/**
		 * What any token scoped to the project may do, whatever its roles:
		 * GenerateRandomPassword, which touches no stored data. A handler of this kind
		 * that reads a body is marked {@link ScopeOnly}.
		 */
		SCOPE_ONLY

	}

	private final IdentityProperties.RequiredRoles requiredRoles;

	AccessPolicy(IdentityProperties.RequiredRoles requiredRoles) {
		this.requiredRoles = requiredRoles;
	}

	/**
	 * The roles of which a caller needs one for a kind of operation.
	 * @param operation the kind of operation
	 * @return the roles; empty if none is required
	 */
	public Set<String> roles(Operation operation) {
		return switch (operation) {
			case READ -> this.requiredRoles.read();
			case WRITE -> this.requiredRoles.write();
			case SCOPE_ONLY -> Set.of();
		};
	}

	/**
	 * Refuse the caller unless it may perform the operation in the project.
	 * @param caller the caller
	 * @param projectId the project of the requested resource
	 * @param operation what the caller wants to do
	 * @throws ApiException with {@link ErrorCode#NO_PERMISSION} when it may not
	 */
	public void check(CallerIdentity caller, String projectId, Operation operation) {
		Set<String> required = roles(operation);
		boolean roleHeld = required.isEmpty() || caller.roles().stream().anyMatch(required::contains);
		if (!caller.isScopedTo(projectId) || !roleHeld) {
			throw new ApiException(ErrorCode.NO_PERMISSION);
		}
	}

}
