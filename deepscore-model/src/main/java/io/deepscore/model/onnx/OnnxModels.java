package io.deepscore.model.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.deepscore.errors.InvalidInputException;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.bundle.InputContract;
import io.deepscore.model.bundle.InputField;
import io.deepscore.model.interop.ContractProbe;
import io.deepscore.model.interop.InputNames;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX models ({@code .onnx}), scored by DJL's OnnxRuntime engine (ONNX Runtime 1.21, native
 * library from the {@code com.microsoft.onnxruntime:onnxruntime} jar, no download).
 *
 * <p>{@link #validate} reads the graph's signature before a file goes into a bundle: one input per
 * field in spec order (names by {@link InputNames}: field names in another order are refused,
 * unrelated names warned about), int64, rank 2, a dynamic first (batch) dimension and a second
 * dimension equal to {@code max_length} (or dynamic); exactly one output, float32, shape {@code
 * [B]} or {@code [B, 1]}; then the {@link ContractProbe} runs. Inputs are fed by position under the
 * graph's own names, as for TorchScript.
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
   * Checks an ONNX file against the input contract: the graph's signature (input names by {@link
   * InputNames}, dtypes, ranks, a dynamic batch axis, one float32 output), then the runs of {@link
   * ContractProbe}. Inputs are fed by position, under the graph's own names.
   *
   * @return warnings for the user (e.g. input names that are not the field names); may be empty
   * @throws io.deepscore.errors.ModelContractException naming the problem and the expected contract
   * @throws io.deepscore.errors.DeepScoreException for a missing file or one ONNX Runtime cannot
   *     load
   */
  public static List<String> validate(Path file, ContractProbe probe, ModelOutput output) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("ONNX file " + file + " does not exist");
    }
    // DJL's engine creates the process-wide environment (with its thread options); create it
    // first, or a later model load fails with "an OrtEnvironment already exists".
    engine();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<InputField> contract = probe.contract();
    OrtSession session;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      session = env.createSession(file.toString(), options);
    } catch (OrtException e) {
      throw new io.deepscore.errors.ModelContractException(
          "ONNX Runtime cannot load " + file + " (is it an ONNX model?): " + e.getMessage(), e);
    }
    try (session) {
      List<String> warnings = new ArrayList<>();
      String w = checkSignature(file, session, contract);
      if (w != null) {
        warnings.add(w);
      }
      List<String> names = new ArrayList<>(session.getInputInfo().keySet());
      probe.run("ONNX file " + file, (ids, rows) -> run(env, session, names, ids, rows), output);
      return warnings;
    } catch (OrtException e) {
      throw InputContract.violation(
          "ONNX file " + file + " cannot be inspected: " + e.getMessage(), contract, e);
    }
  }

  /**
   * Checks the graph's inputs and output; returns a warning about the input names, or null.
   *
   * @throws io.deepscore.errors.ModelContractException naming the input or output at fault
   */
  static String checkSignature(Path file, OrtSession session, List<InputField> contract)
      throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    List<String> names = new ArrayList<>(inputs.keySet());
    String warning = InputNames.check("ONNX file " + file + ": its inputs", names, contract);
    for (int i = 0; i < contract.size(); i++) {
      InputField f = contract.get(i);
      NodeInfo info = inputs.get(names.get(i));
      String input = "input '" + names.get(i) + "' (field '" + f.field() + "')";
      if (!(info.getInfo() instanceof TensorInfo t)) {
        throw InputContract.violation(
            "ONNX file " + file + ": " + input + " is not a tensor", contract);
      }
      long[] shape = t.getShape();
      boolean ok =
          t.type == OnnxJavaType.INT64
              && shape.length == 2
              && shape[0] < 0
              && (shape[1] < 0 || shape[1] == f.maxLength());
      if (!ok) {
        throw InputContract.violation(
            "ONNX file "
                + file
                + ": "
                + input
                + " is "
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
      throw InputContract.violation(
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
      throw InputContract.violation(
          "ONNX file "
              + file
              + ": output '"
              + out.getName()
              + "' is "
              + out.getInfo()
              + ", expected float32 [B] or [B, 1]",
          contract);
    }
    return warning;
  }

  /** One probe batch through the session, inputs fed by position under the graph's names. */
  private static ContractProbe.Output run(
      OrtEnvironment env, OrtSession session, List<String> names, long[][] ids, int rows)
      throws OrtException {
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      for (int f = 0; f < ids.length; f++) {
        long[] shape = {rows, ids[f].length / rows};
        feed.put(names.get(f), OnnxTensor.createTensor(env, LongBuffer.wrap(ids[f]), shape));
      }
      try (OrtSession.Result r = session.run(feed)) {
        OnnxValue v = r.get(0);
        if (!(v instanceof OnnxTensor t)) {
          return new ContractProbe.Output(String.valueOf(v.getInfo()), new long[0], null);
        }
        TensorInfo info = t.getInfo();
        float[] values = null;
        if (info.type == OnnxJavaType.FLOAT) {
          FloatBuffer b = t.getFloatBuffer();
          values = new float[b.remaining()];
          b.get(values);
        }
        return new ContractProbe.Output(
            info.type.toString().toLowerCase(java.util.Locale.ROOT), info.getShape(), values);
      }
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
