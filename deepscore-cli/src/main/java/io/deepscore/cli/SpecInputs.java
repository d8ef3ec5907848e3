package io.deepscore.cli;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.Vocabularies;
import io.deepscore.features.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Loads the local files commands take: a feature spec and a vocabulary directory. */
final class SpecInputs {

  private SpecInputs() {}

  static FeatureSpec spec(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new InvalidInputException("feature spec " + path + " is not a file");
    }
    return FeatureSpec.read(path);
  }

  static Map<String, Vocabulary> vocabularies(Path dir, FeatureSpec spec) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException(
          "vocabulary directory " + dir + " does not exist (build it with 'deepscore vocab')");
    }
    return Vocabularies.readAll(dir, spec);
  }
}
