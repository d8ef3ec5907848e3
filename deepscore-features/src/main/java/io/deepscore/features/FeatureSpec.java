package io.deepscore.features;

import io.deepscore.hash.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The feature spec: which columns feed the model, how each becomes tokens, and the fixed length of
 * each field. Immutable, versioned ({@link #FORMAT_VERSION}), read and written as JSON with
 * snake_case keys. Every construction path (JSON or {@link Builder}) runs the same {@code
 * validate}; unknown JSON keys are an error.
 *
 * <p>Thread-safe. The JSON schema is documented in {@code docs/features.md}.
 */
public final class FeatureSpec {
  /** The only supported {@code format_version}. */
  public static final int FORMAT_VERSION = 1;

  private final int formatVersion;
  private final String name;
  private final String idColumn;
  private final String labelColumn;
  private final List<FieldSpec> fields;
  private final Map<String, Integer> indexByName;

  private FeatureSpec(Builder b) {
    this.indexByName = validate(b);
    this.formatVersion = b.formatVersion;
    this.name = b.name;
    this.idColumn = b.idColumn;
    this.labelColumn = b.labelColumn;
    this.fields = List.copyOf(b.fields);
  }

  /** The single validation of a spec; returns the field index by name. */
  private static Map<String, Integer> validate(Builder b) {
    checkFormatVersion(b.formatVersion);
    if (b.name == null || b.name.isBlank()) {
      throw new FeatureSpecException(
          b.name == null ? "missing required key 'name'" : "name must not be blank");
    }
    if (b.idColumn == null || b.idColumn.isBlank()) {
      throw new FeatureSpecException(
          b.idColumn == null ? "missing required key 'id_column'" : "id_column must not be blank");
    }
    if (b.labelColumn != null) {
      if (b.labelColumn.isBlank()) {
        throw new FeatureSpecException("label_column must not be blank (omit it or use null)");
      }
      if (b.labelColumn.equals(b.idColumn)) {
        throw new FeatureSpecException(
            "label_column '" + b.labelColumn + "' must differ from id_column");
      }
    }
    if (b.fields.isEmpty()) {
      throw new FeatureSpecException("fields must not be empty");
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < b.fields.size(); i++) {
      FieldSpec f = b.fields.get(i);
      if (f == null) {
        throw new FeatureSpecException("fields[" + i + "] must not be null");
      }
      String where = "fields[" + i + "] '" + f.name() + "': ";
      Integer previous = index.putIfAbsent(f.name(), i);
      if (previous != null) {
        throw new FeatureSpecException(
            where
                + "name '"
                + f.name()
                + "' is already used by fields["
                + previous
                + "]; field names must be unique");
      }
      if (f.column().equals(b.labelColumn)) {
        throw new FeatureSpecException(
            where
                + "column '"
                + f.column()
                + "' is the label_column; a feature must not read the label");
      }
      if (f.column().equals(b.idColumn)) {
        throw new FeatureSpecException(
            where + "column '" + f.column() + "' is the id_column; ids are not features");
      }
    }
    return Map.copyOf(index);
  }

  static void checkFormatVersion(int version) {
    if (version != FORMAT_VERSION) {
      throw new FeatureSpecException(
          "format_version " + version + " is not supported (supported: [" + FORMAT_VERSION + "])");
    }
  }

  /**
   * Parses a spec from JSON text.
   *
   * @throws FeatureSpecException on malformed JSON or an invalid spec, naming the key
   */
  public static FeatureSpec fromJson(String json) {
    return SpecJson.parse(json);
  }

  /**
   * Reads a UTF-8 JSON spec file.
   *
   * @throws FeatureSpecException if the file cannot be read or is invalid; the message starts with
   *     the path
   */
  public static FeatureSpec read(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new FeatureSpecException(path + ": feature spec file not found", e);
    } catch (IOException e) {
      throw new FeatureSpecException(path + ": cannot read feature spec: " + e, e);
    }
    return parseNamed(text, path.toString());
  }

  /**
   * Reads a UTF-8 JSON spec from {@code in} (not closed).
   *
   * @param sourceNameForErrors prefixes error messages, e.g. a resource name
   */
  public static FeatureSpec read(InputStream in, String sourceNameForErrors) {
    String text;
    try {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FeatureSpecException(sourceNameForErrors + ": cannot read feature spec: " + e, e);
    }
    return parseNamed(text, sourceNameForErrors);
  }

  private static FeatureSpec parseNamed(String text, String source) {
    try {
      return SpecJson.parse(text);
    } catch (FeatureSpecException e) {
      throw new FeatureSpecException(source + ": " + e.getMessage(), e);
    }
  }

  /** Pretty JSON with a stable key order (all keys, defaults included); round trips to equal. */
  public String toJson() {
    return SpecJson.write(this);
  }

  /** Writes {@link #toJson()} plus a final newline as UTF-8. */
  public void write(Path path) {
    try {
      Files.writeString(path, toJson() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write feature spec " + path, e);
    }
  }

  /**
   * Content version: hex SHA-256 of {@link #toJson()}. Equal specs have equal ids; store it next to
   * a trained model to detect a spec that changed under it.
   */
  public String id() {
    return Sha256.of(toJson());
  }

  public int formatVersion() {
    return formatVersion;
  }

  /** A human name for the spec, e.g. {@code generated}. */
  public String name() {
    return name;
  }

  /** The column identifying a row (a user); carried through scoring, never a feature. */
  public String idColumn() {
    return idColumn;
  }

  /** The label column used for training and evaluation; absent for pure scoring specs. */
  public Optional<String> labelColumn() {
    return Optional.ofNullable(labelColumn);
  }

  /** The fields in model input order (unmodifiable). */
  public List<FieldSpec> fields() {
    return fields;
  }

  public int fieldCount() {
    return fields.size();
  }

  /** The field at model input position {@code index}. */
  public FieldSpec field(int index) {
    return fields.get(index);
  }

  /**
   * The field named {@code name}.
   *
   * @throws IllegalArgumentException listing the known field names
   */
  public FieldSpec field(String name) {
    return fields.get(fieldIndex(name));
  }

  /**
   * The model input position of field {@code name}.
   *
   * @throws IllegalArgumentException listing the known field names
   */
  public int fieldIndex(String name) {
    Integer i = indexByName.get(name);
    if (i == null) {
      throw new IllegalArgumentException(
          "no field '" + name + "' in feature spec '" + this.name + "' (fields: " + names() + ")");
    }
    return i;
  }

  /** Field names in order. */
  public List<String> names() {
    List<String> names = new ArrayList<>(fields.size());
    for (FieldSpec f : fields) {
      names.add(f.name());
    }
    return Collections.unmodifiableList(names);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this spec's values. */
  public Builder toBuilder() {
    Builder b = new Builder().name(name).idColumn(idColumn).labelColumn(labelColumn);
    b.fields.addAll(fields);
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FeatureSpec)) {
      return false;
    }
    FeatureSpec s = (FeatureSpec) o;
    return formatVersion == s.formatVersion
        && name.equals(s.name)
        && idColumn.equals(s.idColumn)
        && Objects.equals(labelColumn, s.labelColumn)
        && fields.equals(s.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(formatVersion, name, idColumn, labelColumn, fields);
  }

  @Override
  public String toString() {
    return "FeatureSpec{"
        + name
        + ", id="
        + idColumn
        + ", label="
        + labelColumn
        + ", "
        + fields
        + "}";
  }

  /**
   * Builds a {@link FeatureSpec}; {@code name}, {@code idColumn} and at least one field are
   * required. Not thread-safe.
   */
  public static final class Builder {
    int formatVersion = FORMAT_VERSION;
    private String name;
    private String idColumn;
    private String labelColumn;
    private final List<FieldSpec> fields = new ArrayList<>();

    private Builder() {}

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder idColumn(String idColumn) {
      this.idColumn = idColumn;
      return this;
    }

    /** The label column, or null for none. */
    public Builder labelColumn(String labelColumn) {
      this.labelColumn = labelColumn;
      return this;
    }

    /** Appends a field; model input order is the order of the calls. */
    public Builder addField(FieldSpec field) {
      this.fields.add(field);
      return this;
    }

    /**
     * @throws FeatureSpecException naming the invalid key or field
     */
    public FeatureSpec build() {
      return new FeatureSpec(this);
    }
  }
}
