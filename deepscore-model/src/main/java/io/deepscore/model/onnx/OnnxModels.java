package io.deepscore.model.onnx;

import static io.deepscore.model.bundle.InputContract.violation;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.bundle.InputField;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX models ({@code .onnx}), scored by DJL's OnnxRuntime engine (ONNX Runtime 1.21, native
 * library from the {@code com.microsoft.onnxruntime:onnxruntime} jar, no download).
 *
 * <p>{@link #validate} reads the graph's signature before a file goes into a bundle: one input per
 * field, <b>named</b> as the field and in spec order, int64, rank 2, a dynamic first (batch)
 * dimension and a second dimension equal to {@code max_length} (or dynamic); exactly one output,
 * float32, shape {@code [B]} or {@code [B, 1]}; then a dry run on two rows (all padding, all OOV).
 * Inputs are fed by name, so names matter for ONNX (for TorchScript only the order does).
 */
public final class OnnxModels {

  /** Engine id in the manifest. */
  public static final String ENGINE = "onnx";

  /** Path of the model file inside a bundle. */
  public static final String BUNDLE_FILE = "model/model.onnx";

  /** The system property that stops DJL's ONNX Runtime engine from borrowing another engine. */
  static final String DISABLE_ALTERNATIVE = "ai.djl.onnx.disable_alternative";

  private OnnxModels() {}

  /**
   * DJL's ONNX Runtime engine, loaded without its "hybrid" mode: by default it creates every
   * NDArray in another engine found on the class path (PyTorch here), which would load libtorch
   * into ONNX jobs for nothing; our translators need only ONNX Runtime's own array creation. A
   * value the user set for {@value #DISABLE_ALTERNATIVE} is kept.
   */
  static ai.djl.engine.Engine engine() {
    if (System.getProperty(DISABLE_ALTERNATIVE) == null) {
      System.setProperty(DISABLE_ALTERNATIVE, "true");
    }
    return ai.djl.engine.Engine.getEngine("OnnxRuntime");
  }

  /**
   * Checks an ONNX file against the input contract.
   *
   * @throws io.deepscore.errors.ModelContractException naming the problem and the expected contract
   * @throws IOException if the file is missing or not an ONNX model
   */
  public static void validate(Path file, List<InputField> contract, ModelOutput output)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("ONNX file " + file + " does not exist");
    }
    // DJL's engine creates the process-wide environment (with its thread options); create it
    // first, or a later model load fails with "an OrtEnvironment already exists".
    engine();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(file.toString(), options)) {
      checkSignature(file, session, contract);
      dryRun(file, env, session, contract, output);
    } catch (OrtException e) {
      throw new IOException(
          "ONNX Runtime cannot load " + file + " (is it an ONNX model?): " + e.getMessage(), e);
    }
  }

  static void checkSignature(Path file, OrtSession session, List<InputField> contract)
      throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    List<String> names = new ArrayList<>(inputs.keySet());
    List<String> fields = contract.stream().map(InputField::field).toList();
    if (!names.equals(fields)) {
      String why =
          names.size() != fields.size()
              ? "has " + names.size() + " inputs " + names + " for " + fields.size() + " fields"
              : new java.util.HashSet<>(names).equals(new java.util.HashSet<>(fields))
                  ? "has the inputs " + names + " in another order than the spec's fields"
                  : "has inputs named " + names + ", not the spec's field names";
      throw violation(
          "ONNX file "
              + file
              + " "
              + why
              + " (export with torch.onnx.export(..., input_names=<field names in spec order>))",
          contract);
    }
    for (InputField f : contract) {
      NodeInfo info = inputs.get(f.field());
      if (!(info.getInfo() instanceof TensorInfo t)) {
        throw violation(
            "ONNX file " + file + ": input '" + f.field() + "' is not a tensor", contract);
      }
      long[] shape = t.getShape();
      boolean ok =
          t.type == OnnxJavaType.INT64
              && shape.length == 2
              && shape[0] < 0
              && (shape[1] < 0 || shape[1] == f.maxLength());
      if (!ok) {
        throw violation(
            "ONNX file "
                + file
                + ": input '"
                + f.field()
                + "' is "
                + t.type
                + " "
                + shapeText(t)
                + ", expected int64 [B, "
                + f.maxLength()
                + "] with a dynamic batch dimension (torch.onnx.export(...,"
                + " dynamic_axes={name: {0: 'batch'}}))",
            contract);
      }
    }
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    if (outputs.size() != 1) {
      throw violation(
          "ONNX file "
              + file
              + " has "
              + outputs.size()
              + " outputs "
              + outputs.keySet()
              + ", expected exactly one (the score)",
          contract);
    }
    NodeInfo out = outputs.values().iterator().next();
    if (!(out.getInfo() instanceof TensorInfo t)
        || t.type != OnnxJavaType.FLOAT
        || t.getShape().length < 1
        || t.getShape().length > 2
        || (t.getShape().length == 2 && t.getShape()[1] != 1)) {
      throw violation(
          "ONNX file "
              + file
              + ": output '"
              + out.getName()
              + "' is "
              + out.getInfo()
              + ", expected float32 [B] or [B, 1]",
          contract);
    }
  }

  private static void dryRun(
      Path file,
      OrtEnvironment env,
      OrtSession session,
      List<InputField> contract,
      ModelOutput output)
      throws OrtException {
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      for (InputField f : contract) {
        long[] ids = new long[2 * f.maxLength()];
        Arrays.fill(ids, f.maxLength(), ids.length, 1L);
        feed.put(
            f.field(),
            OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {2, f.maxLength()}));
      }
      try (OrtSession.Result r = session.run(feed)) {
        OnnxValue v = r.get(0);
        Object value = v.getValue();
        float[] scores;
        if (value instanceof float[] a) {
          scores = a;
        } else if (value instanceof float[][] a && a.length == 2 && a[0].length == 1) {
          scores = new float[] {a[0][0], a[1][0]};
        } else {
          throw violation(
              "ONNX file " + file + " returned " + v.getInfo() + " for a batch of 2 rows",
              contract);
        }
        if (scores.length != 2) {
          throw violation(
              "ONNX file " + file + " returned " + scores.length + " values for 2 rows", contract);
        }
        for (float x : scores) {
          if (!Float.isFinite(x) || (output == ModelOutput.PROBABILITY && (x < 0f || x > 1f))) {
            throw violation(
                "ONNX file "
                    + file
                    + " returned "
                    + x
                    + " for an all-padding or all-OOV row"
                    + (output == ModelOutput.PROBABILITY
                        ? " but the output is declared 'probability' (use --output logit if it"
                            + " returns logits)"
                        : ""),
                contract);
          }
        }
      }
    } catch (OrtException e) {
      throw violation(
          "ONNX file "
              + file
              + " failed a dry run on 2 rows (all padding, all OOV): "
              + e.getMessage(),
          contract,
          e);
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  private static String shapeText(TensorInfo t) {
    StringBuilder sb = new StringBuilder("[");
    long[] s = t.getShape();
    for (int i = 0; i < s.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(s[i] < 0 ? "?" : Long.toString(s[i]));
    }
    return sb.append(']').toString();
  }
}
