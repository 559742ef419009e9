package io.secretstage.warmup;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WarmUpBudget}.
 */
class WarmUpBudgetTests {

	@Test
	void theWarmUpSendsItsRequestsThenGoesOnUntilTheCollectorHasRunEnough() {
		AtomicLong collections = new AtomicLong(7);
		WarmUpBudget budget = new WarmUpBudget(new WarmUpProperties(3, 1, 2), collections::get);

		assertThat(taken(budget, 10)).isEqualTo(10);
		collections.incrementAndGet();
		assertThat(taken(budget, 10)).isEqualTo(10);
		collections.incrementAndGet();

		assertThat(budget.next()).isFalse();
		assertThat(budget.collectionsSoFar()).isEqualTo(2);
	}

	@Test
	void theWarmUpEndsAfterItsRequestsWhenTheCollectorHasRunEnoughMeanwhile() {
		AtomicLong collections = new AtomicLong();
		WarmUpBudget budget = new WarmUpBudget(new WarmUpProperties(3, 1, 2), collections::get);

		assertThat(taken(budget, 2)).isEqualTo(2);
		collections.set(2);

		assertThat(taken(budget, 100)).isOne();
	}

	@Test
	void theWarmUpSendsAtMostTwentyTimesItsRequests() {
		WarmUpBudget budget = new WarmUpBudget(new WarmUpProperties(3, 1, 2), () -> 0);

		assertThat(taken(budget, 1000)).isEqualTo(3 * WarmUpBudget.MAX_PER_REQUEST);
	}

	@Test
	void aStoppedWarmUpSendsNothingMore() {
		WarmUpBudget budget = new WarmUpBudget(new WarmUpProperties(3, 1, 0), () -> 0);
		budget.stop();

		assertThat(budget.next()).isFalse();
	}

	/**
	 * How many of {@code tries} reads the budget lets through, stopping at the first
	 * refused.
	 */
	private static int taken(WarmUpBudget budget, int tries) {
		int taken = 0;
		while (taken < tries && budget.next()) {
			taken++;
		}
		return taken;
	}

}
