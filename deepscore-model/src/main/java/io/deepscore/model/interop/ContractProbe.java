package io.deepscore.model.interop;

import io.deepscore.features.EncodedBatch;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.Vocabulary;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.bundle.InputContract;
import io.deepscore.model.bundle.InputField;
import io.deepscore.model.bundle.ModelBundle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks a model exported by another runtime by running it, before it goes into a bundle: the
 * engine-neutral half of {@code TorchScriptModels.validate} and {@code OnnxModels.validate} (each
 * engine only says how to run a batch, {@link Runner}).
 *
 * <ol>
 *   <li>Dry run: two rows, all padding and all unknown (each field's own padding and unknown id):
 *       one float32 value per row ({@code [2]} or {@code [2, 1]}), finite, and in [0, 1] when the
 *       output is declared {@code probability}.
 *   <li>Largest id, per field: one row holding the field's largest vocabulary id in every position
 *       (the other fields padding). A model whose embedding table for the field has fewer rows than
 *       the vocabulary fails here, and the message names the field.
 *   <li>Sample rows, when given ({@link #withSample}: encoded rows of the user's data): finite, and
 *       in [0, 1] when declared {@code probability} (a logit model may pass the two dry-run rows by
 *       chance, rarely a whole sample).
 * </ol>
 *
 * <p>Immutable; the sample batch is read, never changed.
 */
public final class ContractProbe {

  /**
   * One field as the probe sees it: its row length and the ids it probes with.
   *
   * @param source where an imported vocabulary came from (for messages), else empty
   */
  public record Field(
      String name, int maxLength, int padId, int unknownId, int largestId, String source) {}

  /**
   * What a model returned for a batch.
   *
   * @param dtype the element type, e.g. {@code float32}
   * @param shape the output's shape
   * @param values the values when the dtype is float32, else null
   */
  public record Output(String dtype, long[] shape, float[] values) {}

  /** Runs the model on one batch; engines implement it. */
  @FunctionalInterface
  public interface Runner {
    /**
     * @param ids per field int64 ids, row-major {@code [rows, maxLength]}
     * @throws Exception whatever the engine throws when it cannot run the batch
     */
    Output run(long[][] ids, int rows) throws Exception;
  }

  private final List<Field> fields;
  private final List<InputField> contract;
  private final EncodedBatch sample;

  private ContractProbe(List<Field> fields, List<InputField> contract, EncodedBatch sample) {
    this.fields = fields;
    this.contract = contract;
    this.sample = sample;
  }

  /** The probe of a spec with its vocabularies (one per field). */
  public static ContractProbe of(FeatureSpec spec, Map<String, Vocabulary> vocabularies) {
    List<Field> fields = new ArrayList<>();
    for (FieldSpec f : spec.fields()) {
      Vocabulary v = vocabularies.get(f.name());
      if (v == null) {
        throw new IllegalArgumentException("no vocabulary for field '" + f.name() + "'");
      }
      fields.add(
          new Field(f.name(), f.maxLength(), v.padId(), v.unknownId(), v.largestId(), v.source()));
    }
    return new ContractProbe(List.copyOf(fields), ModelBundle.contractOf(spec), null);
  }

  /** This probe, also running the rows of {@code sample} (shaped for the spec). */
  public ContractProbe withSample(EncodedBatch sample) {
    return new ContractProbe(fields, contract, sample.isEmpty() ? null : sample);
  }

  /** The input contract: per field, in spec order, int64 {@code [B, max_length]}. */
  public List<InputField> contract() {
    return contract;
  }

  /** The fields, in spec order. */
  public List<Field> fields() {
    return fields;
  }

  /**
   * Runs every probe.
   *
   * @param what names the model in messages, e.g. {@code TorchScript file m.pt}
   * @throws io.deepscore.errors.ModelContractException naming what failed and the expected contract
   * @throws io.deepscore.errors.ModelContractException naming the field whose largest id fails
   */
  public void run(String what, Runner runner, ModelOutput output) {
    long[][] dry = rows(2);
    for (int f = 0; f < fields.size(); f++) {
      int len = fields.get(f).maxLength();
      Arrays.fill(dry[f], 0, len, fields.get(f).padId());
      Arrays.fill(dry[f], len, 2 * len, fields.get(f).unknownId());
    }
    String dryRows = "an all-padding or all-unknown row";
    check(
        what,
        run(what, runner, dry, 2, "a dry run on 2 rows (all padding, all unknown)"),
        2,
        dryRows,
        output);
    for (int f = 0; f < fields.size(); f++) {
      Field field = fields.get(f);
      long[][] ids = rows(1);
      for (int g = 0; g < fields.size(); g++) {
        Arrays.fill(ids[g], g == f ? field.largestId() : fields.get(g).padId());
      }
      Output out;
      try {
        out = runner.run(ids, 1);
      } catch (io.deepscore.errors.DeepScoreException e) {
        throw e;
      } catch (Exception e) {
        throw new io.deepscore.errors.ModelContractException(
            "field '"
                + field.name()
                + "': "
                + what
                + " fails on id "
                + field.largestId()
                + ", the largest id of the field's vocabulary ("
                + (field.largestId() + 1)
                + " ids"
                + (field.source().isEmpty() ? "" : ", imported from " + field.source())
                + "): the model's embedding table for '"
                + field.name()
                + "' is smaller than the vocabulary; bundle the vocabulary the model was trained"
                + " with (engine: "
                + engineMessage(e)
                + ")",
            e);
      }
      check(what, out, 1, "a row of field '" + field.name() + "''s largest id", output);
    }
    if (sample != null) {
      int n = sample.size();
      long[][] ids = rows(n);
      for (int f = 0; f < fields.size(); f++) {
        int[] src = sample.field(f);
        for (int i = 0; i < n * fields.get(f).maxLength(); i++) {
          ids[f][i] = src[i];
        }
      }
      String rows = "one of the " + n + " sample rows";
      check(what, run(what, runner, ids, n, "the " + n + " sample rows"), n, rows, output);
    }
  }

  private long[][] rows(int n) {
    long[][] ids = new long[fields.size()][];
    for (int f = 0; f < ids.length; f++) {
      ids[f] = new long[n * fields.get(f).maxLength()];
    }
    return ids;
  }

  private Output run(String what, Runner runner, long[][] ids, int rows, String batch) {
    try {
      return runner.run(ids, rows);
    } catch (io.deepscore.errors.DeepScoreException e) {
      throw e;
    } catch (Exception e) {
      throw InputContract.violation(
          what + " failed on " + batch + ": " + engineMessage(e), contract, e);
    }
  }

  private void check(String what, Output out, int rows, String rowsWhat, ModelOutput output) {
    long[] s = out.shape();
    boolean shapeOk =
        (s.length == 1 && s[0] == rows) || (s.length == 2 && s[0] == rows && s[1] == 1);
    if (out.values() == null || !shapeOk) {
      throw InputContract.violation(
          what
              + " returned "
              + out.dtype()
              + " "
              + Arrays.toString(s)
              + " for a batch of "
              + rows
              + " rows, expected float32 ["
              + rows
              + "] or ["
              + rows
              + ", 1]",
          contract);
    }
    for (float x : out.values()) {
      if (!Float.isFinite(x)) {
        throw InputContract.violation(what + " returned " + x + " for " + rowsWhat, contract);
      }
      if (output == ModelOutput.PROBABILITY && (x < 0f || x > 1f)) {
        throw InputContract.violation(
            what
                + " returned "
                + x
                + " for "
                + rowsWhat
                + ", outside [0, 1], but the output is declared 'probability': if the model"
                + " returns logits, bundle it with --output logit",
            contract);
      }
    }
  }

  /**
   * The first lines of the innermost message of an engine failure (libtorch messages carry a long
   * TorchScript traceback; the useful part comes first).
   */
  public static String engineMessage(Throwable e) {
    Throwable t = e;
    String msg = null;
    while (t != null) {
      if (t.getMessage() != null) {
        msg = t.getMessage();
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    if (msg == null) {
      return e.toString();
    }
    return msg.strip().lines().limit(3).reduce((a, b) -> a + " " + b.strip()).orElse(msg);
  }
}
