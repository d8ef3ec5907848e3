/**
 * The typed failures of deepscore, shared by every layer: {@link
 * io.deepscore.errors.InvalidInputException}, {@link io.deepscore.errors.InvalidBundleException},
 * {@link io.deepscore.errors.ModelContractException}, {@link
 * io.deepscore.errors.EngineFailureException} and {@link
 * io.deepscore.errors.ClusterFailureException}, all {@link
 * io.deepscore.errors.DeepScoreException}s. Lives in the lowest module (deepscore-features) so that
 * every layer can throw them.
 */
package io.deepscore.errors;
