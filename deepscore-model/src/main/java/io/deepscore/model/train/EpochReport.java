package io.deepscore.model.train;

/**
 * What one epoch did.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean sigmoid binary cross-entropy over the epoch's training rows
 * @param validAuc ROC AUC of the model after this epoch on the validation rows
 * @param rowsPerSecond training rows per second of the epoch's training pass (without validation)
 * @param seconds wall time of the whole epoch, training and validation
 * @param improved true if {@code validAuc} beat every earlier epoch (this epoch's weights are kept)
 * @param nativeArrays NDArrays owned by the model's manager after the epoch (parameters, their
 *     gradients, optimizer state): constant from the second epoch on; growth means a native memory
 *     leak
 */
public record EpochReport(
    int epoch,
    double trainLoss,
    double validAuc,
    double rowsPerSecond,
    double seconds,
    boolean improved,
    int nativeArrays) {}
