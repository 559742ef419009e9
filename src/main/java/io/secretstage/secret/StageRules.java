package io.secretstage.secret;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * The rules of stages, decided on the names and versions alone:
 * <ul>
 * <li>a secret has at most 12 stages, of which a caller may make 10: the last two are
 * kept for the built-in {@code SYSCURRENT} and {@code SYSPREVIOUS}, so a rotation always
 * has room;</li>
 * <li>moving {@code SYSCURRENT} to another version moves {@code SYSPREVIOUS} to the
 * version that held it, and {@code SYSPREVIOUS} never points where {@code SYSCURRENT}
 * does;</li>
 * <li>a new version takes the stages named for it, {@code SYSCURRENT} when none are,
 * whatever their order; {@code SYSPREVIOUS} follows {@code SYSCURRENT} and cannot be
 * named;</li>
 * <li>the built-in stages cannot be deleted.</li>
 * </ul>
 */
final class StageRules {

	static final String CURRENT = "SYSCURRENT";

	static final String PREVIOUS = "SYSPREVIOUS";

	static final int MAX_STAGES = 12;

	/** The stages a caller may make: the last two are kept for the built-in ones. */
	static final int MAX_OWN_STAGES = MAX_STAGES - 2;

	private StageRules() {
	}

	private static boolean isBuiltIn(String stageName) {
		return CURRENT.equals(stageName) || PREVIOUS.equals(stageName);
	}

	/**
	 * The stages a new version takes.
	 * @param named the stages named in the request, or {@code null} when the field is
	 * absent
	 * @return the named stages without repeats, none for an empty list, or
	 * {@code SYSCURRENT} when the field is absent
	 * @throws ApiException 400 {@code CSMS.0002} if {@code SYSPREVIOUS} is named
	 */
	static List<String> forNewVersion(@Nullable List<String> named) {
		if (named == null) {
			return List.of(CURRENT);
		}
		if (named.contains(PREVIOUS)) {
			throw new ApiException(ErrorCode.INVALID_PARAMETER,
					"The value of parameter version_stages is invalid: SYSPREVIOUS follows SYSCURRENT and cannot be named.");
		}
		return named.stream().distinct().toList();
	}

	/**
	 * The moves that point a stage at a version, in the order to make them.
	 * @param stages the secret's stages now: name to version id
	 * @param stageName the stage to point, made if it is new
	 * @param versionId the version to point it at
	 * @return the moves: the stage's own, after the one of {@code SYSPREVIOUS} that
	 * moving {@code SYSCURRENT} brings
	 * @throws ApiException 400 {@code CSMS.0203} for an eleventh stage of the caller's
	 * own, 400 {@code CSMS.0002} for {@code SYSPREVIOUS} at the version of
	 * {@code SYSCURRENT}
	 */
	static List<Move> moves(Map<String, String> stages, String stageName, String versionId) {
		String current = stages.get(CURRENT);
		List<Move> moves = new ArrayList<>(2);
		if (CURRENT.equals(stageName) && current != null && !current.equals(versionId)) {
			moves.add(new Move(PREVIOUS, current));
		}
		if (PREVIOUS.equals(stageName) && versionId.equals(current)) {
			throw new ApiException(ErrorCode.INVALID_PARAMETER,
					"The value of parameter version_id is invalid: SYSPREVIOUS cannot point at the version of SYSCURRENT.");
		}
		if (!stages.containsKey(stageName) && !isBuiltIn(stageName)
				&& stages.keySet().stream().filter((name) -> !isBuiltIn(name)).count() >= MAX_OWN_STAGES) {
			throw new ApiException(ErrorCode.STAGE_LIMIT);
		}
		moves.add(new Move(stageName, versionId));
		return moves;
	}

	/**
	 * Check that a stage may be deleted.
	 * @param stageName the stage's name
	 * @throws ApiException 400 {@code CSMS.0105} for a built-in stage
	 */
	static void checkDeletable(String stageName) {
		if (isBuiltIn(stageName)) {
			throw new ApiException(ErrorCode.SYSTEM_STAGE);
		}
	}

	/**
	 * Point a stage at a version.
	 *
	 * @param stageName the stage
	 * @param versionId the version
	 */
	record Move(String stageName, String versionId) {

	}

}
