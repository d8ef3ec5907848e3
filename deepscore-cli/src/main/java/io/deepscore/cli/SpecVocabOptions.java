package io.deepscore.cli;

import io.deepscore.features.FeatureSpec;
import io.deepscore.features.Vocabulary;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --spec} and {@code --vocab}, shared by every command that encodes with both. */
class SpecVocabOptions extends SpecOptions {

  @Option(
      names = "--vocab",
      required = true,
      paramLabel = "DIR",
      description = "Vocabulary directory (deepscore vocab).")
  Path vocab;

  /** The spec's vocabularies, read and verified. */
  Map<String, Vocabulary> vocabularies(FeatureSpec spec) {
    return SpecInputs.vocabularies(vocab, spec);
  }
}
