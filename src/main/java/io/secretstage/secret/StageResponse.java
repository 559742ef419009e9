package io.secretstage.secret;

import io.secretstage.stagecache.StageView;

/**
 * The body of ShowSecretStage and UpdateSecretStage: {@code {"stage": {...}}}.
 *
 * @param stage the stage
 */
record StageResponse(StageView stage) {

}
