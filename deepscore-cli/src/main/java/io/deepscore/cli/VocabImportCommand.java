package io.deepscore.cli;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.Encoder;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.Vocabularies;
import io.deepscore.features.Vocabulary;
import io.deepscore.features.VocabularyImport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code deepscore vocab import}: mapping tables made elsewhere become the spec's vocabularies. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Imports one mapping table (token -> index) per feature-spec field, made by another tool"
          + " (e.g. the data scientist's Python preprocessing), as the field's vocabulary. The"
          + " indices are kept exactly: a model trained on index 57 sees 57.",
      "Tables: plain text, one token per line (index = line number - 1); token<TAB>index"
          + " (optionally <TAB>count) per line, .tsv; a JSON object {\"token\": index} or array"
          + " [\"token\", ...], .json. Tokens are taken byte for byte, in any order. The padding and"
          + " unknown indices are those of tokens spelled <pad>, [PAD] and <unk>, [UNK], <oov>"
          + " (also upper case), else --pad-index / --unknown-index, else 0 and 1.",
      "Refused, naming the file and line: index gaps, duplicate tokens or indices, empty tokens,"
          + " bytes that are not UTF-8, reserved indices that contradict the table."
    },
    footer = {
      "",
      "Example:",
      "  deepscore vocab import --spec specs/byom-example.json --out /tmp/byom/vocab"
          + " --table device=/tmp/byom/tables/device.txt --table genres=/tmp/byom/tables/genres.tsv"
          + " --table tags=/tmp/byom/tables/tags.json --table apps=/tmp/byom/tables/apps.json",
      "  ... --table genres=genres.txt --pad-index genres=0 --unknown-index genres=1"
    })
final class VocabImportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Mixin SpecOptions specOption;

  @Option(
      names = "--table",
      required = true,
      paramLabel = "FIELD=FILE",
      description = "The mapping table of a field; one per spec field.")
  Map<String, Path> tables = new LinkedHashMap<>();

  @Option(
      names = "--format",
      paramLabel = "FIELD=FORMAT",
      description = "text, tsv or json. Default: by file name (.tsv, .json, else text).")
  Map<String, String> formats = new LinkedHashMap<>();

  @Option(
      names = "--pad-index",
      paramLabel = "FIELD=N",
      description = "The padding index, when the table does not spell it <pad> or [PAD].")
  Map<String, Integer> padIndex = new LinkedHashMap<>();

  @Option(
      names = "--unknown-index",
      paramLabel = "FIELD=N",
      description = "The unknown index, when the table does not spell it <unk> or [UNK].")
  Map<String, Integer> unknownIndex = new LinkedHashMap<>();

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Local directory for the <field>.vocab files.")
  Path out;

  @Option(names = "--overwrite", description = "Replace vocabulary files already in --out.")
  boolean overwrite;

  @Override
  public Integer call() {
    FeatureSpec featureSpec = specOption.spec();
    List<String> fields = featureSpec.fields().stream().map(FieldSpec::name).toList();
    checkFields("--table", tables.keySet(), fields);
    checkFields("--format", formats.keySet(), fields);
    checkFields("--pad-index", padIndex.keySet(), fields);
    checkFields("--unknown-index", unknownIndex.keySet(), fields);
    List<String> missing = new ArrayList<>(fields);
    missing.removeAll(tables.keySet());
    if (!missing.isEmpty()) {
      throw usage(
          "no --table for field"
              + (missing.size() > 1 ? "s " : " ")
              + missing
              + ": give one mapping table per spec field "
              + fields);
    }
    for (String field : fields) {
      Path file = Vocabularies.path(out, field);
      if (Files.exists(file) && !overwrite) {
        throw new io.deepscore.errors.InvalidInputException(
            "vocabulary " + file + " already exists (remove it or pass --overwrite)");
      }
    }
    Map<String, Vocabulary> vocabularies = new LinkedHashMap<>();
    for (String field : fields) {
      VocabularyImport.Format format;
      try {
        format =
            formats.containsKey(field) ? VocabularyImport.Format.parse(formats.get(field)) : null;
      } catch (InvalidInputException | IllegalArgumentException e) {
        throw usage("--format " + field + ": " + e.getMessage());
      }
      VocabularyImport.Options options =
          new VocabularyImport.Options(format, padIndex.get(field), unknownIndex.get(field));
      vocabularies.put(field, VocabularyImport.read(field, tables.get(field), options));
    }
    new Encoder(featureSpec, vocabularies); // the spec accepts them (e.g. no keep_most_frequent)
    Vocabularies.writeAll(out, vocabularies);
    print(vocabularies);
    return 0;
  }

  private void checkFields(String option, Iterable<String> keys, List<String> fields) {
    for (String key : keys) {
      if (!fields.contains(key)) {
        throw usage(
            option + " " + key + "=...: '" + key + "' is not a field of the spec " + fields);
      }
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private void print(Map<String, Vocabulary> vocabularies) {
    PrintWriter o = spec.commandLine().getOut();
    o.printf(Locale.ROOT, "imported mapping tables -> %s%n", out);
    o.printf(
        Locale.ROOT,
        "%-14s %-28s %8s %-16s %-16s %7s  %s%n",
        "field",
        "source",
        "ids",
        "padding",
        "unknown",
        "counts",
        "sha256");
    for (Vocabulary v : vocabularies.values()) {
      long counted = 0;
      for (int id = 0; id < v.size(); id++) {
        counted += v.count(id) == Vocabulary.UNKNOWN_COUNT ? 0 : 1;
      }
      o.printf(
          Locale.ROOT,
          "%-14s %-28s %,8d %-16s %-16s %7s  %s%n",
          v.field(),
          v.source(),
          v.size(),
          v.padId() + " " + v.token(v.padId()),
          v.unknownId() + " " + v.token(v.unknownId()),
          counted == 0 ? "none" : counted == v.size() ? "all" : counted + "/" + v.size(),
          v.id().substring(0, 12));
    }
    o.flush();
  }
}
