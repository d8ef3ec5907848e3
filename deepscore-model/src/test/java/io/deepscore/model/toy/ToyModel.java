package io.deepscore.model.toy;

import io.deepscore.model.ModelOutput;
import io.deepscore.model.train.Provenance;
import io.deepscore.model.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The writing half of the toy engine: weights chosen by hand (a "trained" toy model). */
public record ToyModel(double bias, double[] weights, int[] maxLengths) implements TrainedModel {

  @Override
  public String engine() {
    return ToyEngine.ID;
  }

  @Override
  public ModelOutput output() {
    return ModelOutput.PROBABILITY;
  }

  @Override
  public Provenance provenance() {
    return Provenance.imported(Map.of("note", "weights set by hand"));
  }

  @Override
  public void writeModelFiles(Path bundleDir) throws IOException {
    StringBuilder line = new StringBuilder().append(bias);
    for (double w : weights) {
      line.append(' ').append(w);
    }
    Path file = bundleDir.resolve(ToyEngine.FILE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, line + "\n");
  }

  @Override
  public void close() {}
}
