package io.deepscore.model.interop;

import io.deepscore.model.bundle.InputField;
import java.util.List;

/**
 * A model file from another runtime (TorchScript, ONNX) does not follow the model input contract
 * (docs/model-contract.md). The message says what is wrong, then the contract the model must
 * follow, with the field names, their order, dtype and shapes.
 */
public class ModelContractException extends io.deepscore.errors.ModelContractException {
  private static final long serialVersionUID = 1L;

  /** With a message naming the problem; the expected contract is appended. */
  public ModelContractException(String problem, List<InputField> contract) {
    super(problem + "; " + describe(contract));
  }

  /** With a message naming the problem and the engine's error; the contract is appended. */
  public ModelContractException(String problem, List<InputField> contract, Throwable cause) {
    super(problem + "; " + describe(contract), cause);
  }

  /**
   * The contract in one line: {@code expected inputs, in this order: device_name int64 [B, 6], apps
   * int64 [B, 64]; output: one float32 [B] (or [B, 1])}.
   */
  public static String describe(List<InputField> contract) {
    StringBuilder sb = new StringBuilder("expected inputs, in this order: ");
    for (int i = 0; i < contract.size(); i++) {
      InputField f = contract.get(i);
      sb.append(i == 0 ? "" : ", ")
          .append(f.field())
          .append(" int64 [B, ")
          .append(f.maxLength())
          .append(']');
    }
    return sb.append("; output: one float32 [B] (or [B, 1])").toString();
  }
}
