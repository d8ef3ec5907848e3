package io.deepscore.cli;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.model.interop.NpyArray;
import java.io.IOException;
import java.nio.file.Path;

/** Reads parity reference arrays with messages that name the file. */
final class ParityInputs {

  private ParityInputs() {}

  /**
   * A float32 {@code .npy} array's values.
   *
   * @throws InvalidInputException naming the file when it holds another dtype (e.g. float64)
   */
  static float[] floats(Path file) throws IOException {
    NpyArray array = NpyArray.read(file);
    try {
      return array.floats();
    } catch (IllegalStateException e) {
      throw new InvalidInputException(
          "reference "
              + file
              + ": "
              + e.getMessage()
              + ": save float32 scores (numpy: np.save(path, scores.astype(np.float32)))",
          e);
    }
  }
}
