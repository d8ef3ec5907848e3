package io.deepscore.model.bundle;

import io.deepscore.errors.ModelContractException;
import java.util.List;

/**
 * The model input contract of a bundle (docs/model-contract.md): one int64 {@code [B, max_length]}
 * input per spec field, in spec order, and one float32 {@code [B]} (or {@code [B, 1]}) output.
 * Engines that import models from other runtimes check files against it and report a violation with
 * {@link #violation}, which names the problem and then the whole contract.
 */
public final class InputContract {

  private InputContract() {}

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

  /** A model that breaks the contract: the problem, then the contract it must follow. */
  public static ModelContractException violation(String problem, List<InputField> contract) {
    return new ModelContractException(problem + "; " + describe(contract));
  }

  /** As {@link #violation(String, List)}, with the engine's error as the cause. */
  public static ModelContractException violation(
      String problem, List<InputField> contract, Throwable cause) {
    return new ModelContractException(problem + "; " + describe(contract), cause);
  }
}
