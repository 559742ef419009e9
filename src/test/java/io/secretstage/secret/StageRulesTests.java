package io.secretstage.secret;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.secret.StageRules.Move;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of the stage rules, on names and versions alone.
 */
class StageRulesTests {

	@Test
	void aNewVersionTakesSyscurrentWhenTheFieldIsAbsent() {
		assertThat(StageRules.forNewVersion(null)).containsExactly("SYSCURRENT");
	}

	@Test
	void aNewVersionTakesNoStageWhenAnEmptyListNamesNone() {
		assertThat(StageRules.forNewVersion(List.of())).isEmpty();
	}

	@Test
	void aNewVersionTakesTheNamedStagesOnceEach() {
		assertThat(StageRules.forNewVersion(List.of("blue", "SYSCURRENT", "blue"))).containsExactly("blue",
				"SYSCURRENT");
	}

	@Test
	void syspreviousCannotBeNamedForANewVersionWhereverItStands() {
		for (List<String> named : List.of(List.of("SYSPREVIOUS"), List.of("SYSPREVIOUS", "SYSCURRENT"),
				List.of("SYSCURRENT", "SYSPREVIOUS"))) {
			assertThat(refusal(() -> StageRules.forNewVersion(named))).isEqualTo(ErrorCode.INVALID_PARAMETER);
		}
	}

	@Test
	void movingSyscurrentMovesSyspreviousToTheVersionThatHeldIt() {
		assertThat(StageRules.moves(stages("SYSCURRENT", "v2", "SYSPREVIOUS", "v1"), "SYSCURRENT", "v3"))
			.containsExactly(new Move("SYSPREVIOUS", "v2"), new Move("SYSCURRENT", "v3"));
	}

	@Test
	void syscurrentPointedWhereItIsMovesNothingElse() {
		assertThat(StageRules.moves(stages("SYSCURRENT", "v2", "SYSPREVIOUS", "v1"), "SYSCURRENT", "v2"))
			.containsExactly(new Move("SYSCURRENT", "v2"));
	}

	@Test
	void theFirstSyscurrentHasNoPrevious() {
		assertThat(StageRules.moves(Map.of(), "SYSCURRENT", "v1")).containsExactly(new Move("SYSCURRENT", "v1"));
	}

	@Test
	void syspreviousNeverPointsWhereSyscurrentDoes() {
		assertThat(refusal(() -> StageRules.moves(stages("SYSCURRENT", "v2"), "SYSPREVIOUS", "v2")))
			.isEqualTo(ErrorCode.INVALID_PARAMETER);
		assertThat(StageRules.moves(stages("SYSCURRENT", "v2"), "SYSPREVIOUS", "v1"))
			.containsExactly(new Move("SYSPREVIOUS", "v1"));
	}

	@Test
	void aCallerMakesTenStagesAndTheBuiltInOnesStillHaveRoom() {
		Map<String, String> stages = stages("SYSCURRENT", "v1");
		for (int i = 0; i < StageRules.MAX_OWN_STAGES; i++) {
			assertThat(StageRules.moves(stages, "own-" + i, "v1")).containsExactly(new Move("own-" + i, "v1"));
			stages.put("own-" + i, "v1");
		}

		assertThat(refusal(() -> StageRules.moves(stages, "one-more", "v1"))).isEqualTo(ErrorCode.STAGE_LIMIT);
		assertThat(StageRules.moves(stages, "own-0", "v2")).containsExactly(new Move("own-0", "v2"));
		assertThat(StageRules.moves(stages, "SYSCURRENT", "v2")).containsExactly(new Move("SYSPREVIOUS", "v1"),
				new Move("SYSCURRENT", "v2"));
	}

	@Test
	void onlyStagesOfTheCallersOwnCanBeDeleted() {
		assertThat(refusal(() -> StageRules.checkDeletable("SYSCURRENT"))).isEqualTo(ErrorCode.SYSTEM_STAGE);
		assertThat(refusal(() -> StageRules.checkDeletable("SYSPREVIOUS"))).isEqualTo(ErrorCode.SYSTEM_STAGE);
		StageRules.checkDeletable("blue");
	}

	private static Map<String, String> stages(String... namesAndVersions) {
		Map<String, String> stages = new HashMap<>();
		for (int i = 0; i < namesAndVersions.length; i += 2) {
			stages.put(namesAndVersions[i], namesAndVersions[i + 1]);
		}
		return stages;
	}

	private static ErrorCode refusal(Runnable rule) {
		return assertThatExceptionOfType(ApiException.class).isThrownBy(rule::run).actual().errorCode();
	}

}
