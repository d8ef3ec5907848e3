package io.deepscore.model.interop;

import io.deepscore.model.bundle.InputContract;
import io.deepscore.model.bundle.InputField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rule for a model's own input names (TorchScript {@code forward} arguments, ONNX graph inputs)
 * against the feature spec's fields. Inputs are bound by position, so the names are only evidence:
 * but a name that is another field's name is the sign of a wrong order, which would score every row
 * silently wrong, so it is refused; names unrelated to the fields only deserve a warning.
 *
 * <p>Names are compared ignoring case and a trailing {@code _} (Python exports append one to
 * keywords).
 */
public final class InputNames {

  private InputNames() {}

  /**
   * Checks {@code names} against the contract.
   *
   * @param what names the model in messages, e.g. {@code TorchScript file m.pt: forward's
   *     arguments}
   * @return a warning when some names are not field names, else null
   * @throws io.deepscore.errors.ModelContractException when the count differs or a field's name
   *     sits at another position
   */
  public static String check(String what, List<String> names, List<InputField> contract) {
    List<String> fields = contract.stream().map(InputField::field).toList();
    if (names.size() != fields.size()) {
      throw InputContract.violation(
          what
              + " are "
              + names.size()
              + " "
              + names
              + " for the spec's "
              + fields.size()
              + " fields "
              + fields,
          contract);
    }
    List<String> keys = fields.stream().map(InputNames::key).toList();
    List<String> unrelated = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String key = key(names.get(i));
      int field = keys.indexOf(key);
      if (field >= 0 && field != i) {
        throw InputContract.violation(
            what
                + " "
                + names
                + " name the spec's fields in another order ('"
                + names.get(i)
                + "' is input "
                + i
                + " but field "
                + field
                + "): inputs are taken by position, so every row would be scored with the wrong"
                + " field in each input; export the model with its inputs in the spec's order "
                + fields,
            contract);
      }
      if (field < 0) {
        unrelated.add(names.get(i) + " (input " + i + ", given field '" + fields.get(i) + "')");
      }
    }
    if (unrelated.isEmpty()) {
      return null;
    }
    return what
        + " "
        + names
        + " are not the spec's field names "
        + fields
        + "; inputs are taken by position: "
        + String.join(", ", unrelated)
        + ". Check that this is the order the model was trained in";
  }

  private static String key(String name) {
    String k = name.toLowerCase(Locale.ROOT);
    while (k.endsWith("_")) {
      k = k.substring(0, k.length() - 1);
    }
    return k;
  }
}
