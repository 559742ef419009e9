package io.secretstage.secret;

/**
 * The body of ShowSecretStage: {@code {"stage": {...}}}.
 *
 * @param stage the stage
 */
record StageResponse(Stage stage) {

}
