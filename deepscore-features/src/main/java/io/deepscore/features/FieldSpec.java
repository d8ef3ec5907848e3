package io.deepscore.features;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One input field of the model: where its values come from, how they become tokens, and how many
 * token ids the model sees. Immutable and always valid: every construction path (JSON and {@link
 * Builder}) runs the same {@code validate}.
 *
 * <p>JSON keys (snake_case) and defaults are documented in {@code docs/features.md}.
 */
public final class FieldSpec {
  /** Upper bound of {@code max_length}. */
  public static final int MAX_LENGTH_LIMIT = 4096;

  /** Upper bound of {@code max_size}: ids must fit an int next to the 2 reserved ids. */
  public static final int MAX_SIZE_LIMIT = Integer.MAX_VALUE - 2;

  /** Field names name vocabulary files, so they are restricted to a safe identifier. */
  static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final String name;
  private final String column;
  private final FieldKind kind;
  private final NormalizeOptions normalize;
  private final TokenizerType tokenizerType;
  private final String tokenizerPattern;
  private final Pattern compiledPattern;
  private final int maxLength;
  private final Truncation truncation;
  private final int minCount;
  private final int maxSize;
  private final boolean required;

  private FieldSpec(Builder b, String where) {
    this.compiledPattern = validate(b, where);
    this.name = b.name;
    this.column = b.column;
    this.kind = b.kind;
    this.normalize = b.normalize;
    this.tokenizerType = b.tokenizerType;
    this.tokenizerPattern = b.tokenizerPattern;
    this.maxLength = b.maxLength;
    this.truncation = b.truncation;
    this.minCount = b.minCount;
    this.maxSize = b.maxSize;
    this.required = b.required;
  }

  /** The single validation of a field; returns the compiled regex (or null). */
  private static Pattern validate(Builder b, String where) {
    String at = where + ": ";
    if (b.name == null) {
      throw new FeatureSpecException(at + "missing required key 'name'");
    }
    if (!NAME_PATTERN.matcher(b.name).matches()) {
      throw new FeatureSpecException(
          at
              + "name '"
              + b.name
              + "' must match "
              + NAME_PATTERN.pattern()
              + " (it names the vocabulary file)");
    }
    if (b.column == null) {
      throw new FeatureSpecException(at + "missing required key 'column'");
    }
    if (b.column.isBlank()) {
      throw new FeatureSpecException(at + "column must not be blank");
    }
    if (b.kind == null) {
      throw new FeatureSpecException(
          at + "missing required key 'kind' (one of " + SpecEnum.ids(FieldKind.class) + ")");
    }
    if (b.normalize == null) {
      throw new FeatureSpecException(at + "normalize must not be null");
    }
    if (b.tokenizerType == null) {
      throw new FeatureSpecException(
          at
              + "missing required key 'tokenizer.type' (one of "
              + SpecEnum.ids(TokenizerType.class)
              + ")");
    }
    Pattern compiled = null;
    String type = b.tokenizerType.id();
    if (b.tokenizerType == TokenizerType.WHOLE) {
      if (b.tokenizerPattern != null) {
        throw new FeatureSpecException(
            at + "tokenizer.pattern is not allowed for tokenizer.type '" + type + "'");
      }
    } else {
      if (b.tokenizerPattern == null) {
        throw new FeatureSpecException(
            at + "tokenizer.pattern is required for tokenizer.type '" + type + "'");
      }
      if (b.tokenizerPattern.isEmpty()) {
        throw new FeatureSpecException(at + "tokenizer.pattern must not be empty");
      }
      if (b.tokenizerType == TokenizerType.REGEX) {
        try {
          compiled = Pattern.compile(b.tokenizerPattern);
        } catch (PatternSyntaxException e) {
          throw new FeatureSpecException(
              at
                  + "tokenizer.pattern '"
                  + b.tokenizerPattern
                  + "' is not a valid Java regex: "
                  + e.getDescription()
                  + " near index "
                  + e.getIndex(),
              e);
        }
      }
    }
    if (b.maxLength == null) {
      throw new FeatureSpecException(at + "missing required key 'max_length'");
    }
    if (b.maxLength < 1 || b.maxLength > MAX_LENGTH_LIMIT) {
      throw new FeatureSpecException(
          at + "max_length " + b.maxLength + " is out of range [1, " + MAX_LENGTH_LIMIT + "]");
    }
    if (b.truncation == null) {
      throw new FeatureSpecException(
          at + "truncation must be one of " + SpecEnum.ids(Truncation.class));
    }
    if (b.minCount < 1) {
      throw new FeatureSpecException(at + "min_count " + b.minCount + " must be >= 1");
    }
    if (b.maxSize == null) {
      throw new FeatureSpecException(at + "missing required key 'max_size'");
    }
    if (b.maxSize < 1 || b.maxSize > MAX_SIZE_LIMIT) {
      throw new FeatureSpecException(
          at + "max_size " + b.maxSize + " is out of range [1, " + MAX_SIZE_LIMIT + "]");
    }
    return compiled;
  }

  /** A builder for field {@code name}. */
  public static Builder builder(String name) {
    return new Builder().name(name);
  }

  /** A builder initialised with this field's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.column = column;
    b.kind = kind;
    b.normalize = normalize;
    b.tokenizerType = tokenizerType;
    b.tokenizerPattern = tokenizerPattern;
    b.maxLength = maxLength;
    b.truncation = truncation;
    b.minCount = minCount;
    b.maxSize = maxSize;
    b.required = required;
    return b;
  }

  /** The field name: an identifier, unique in the spec, naming the file {@code <name>.vocab}. */
  public String name() {
    return name;
  }

  /** The source column in the input data. */
  public String column() {
    return column;
  }

  public FieldKind kind() {
    return kind;
  }

  public NormalizeOptions normalize() {
    return normalize;
  }

  public TokenizerType tokenizerType() {
    return tokenizerType;
  }

  /** The delimiter or regex; empty for {@link TokenizerType#WHOLE}. */
  public Optional<String> tokenizerPattern() {
    return Optional.ofNullable(tokenizerPattern);
  }

  /** The compiled regex for {@link TokenizerType#REGEX}, else null. Pattern is thread-safe. */
  Pattern compiledPattern() {
    return compiledPattern;
  }

  /** Number of token ids the model sees for this field, in [1, 4096]. */
  public int maxLength() {
    return maxLength;
  }

  public Truncation truncation() {
    return truncation;
  }

  /** Tokens seen fewer times than this in the training data get no id (they encode as OOV). */
  public int minCount() {
    return minCount;
  }

  /** Maximum number of tokens in the vocabulary, excluding the 2 reserved ids. */
  public int maxSize() {
    return maxSize;
  }

  /** When true a null (or missing) column value makes the row invalid. */
  public boolean required() {
    return required;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FieldSpec)) {
      return false;
    }
    FieldSpec f = (FieldSpec) o;
    return name.equals(f.name)
        && column.equals(f.column)
        && kind == f.kind
        && normalize.equals(f.normalize)
        && tokenizerType == f.tokenizerType
        && Objects.equals(tokenizerPattern, f.tokenizerPattern)
        && maxLength == f.maxLength
        && truncation == f.truncation
        && minCount == f.minCount
        && maxSize == f.maxSize
        && required == f.required;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name,
        column,
        kind,
        normalize,
        tokenizerType,
        tokenizerPattern,
        maxLength,
        truncation,
        minCount,
        maxSize,
        required);
  }

  @Override
  public String toString() {
    return "FieldSpec{"
        + name
        + " <- "
        + column
        + ", "
        + kind.id()
        + ", tokenizer="
        + tokenizerType.id()
        + (tokenizerPattern == null ? "" : " '" + tokenizerPattern + "'")
        + ", max_length="
        + maxLength
        + ", "
        + truncation.id()
        + ", min_count="
        + minCount
        + ", max_size="
        + maxSize
        + (required ? ", required" : "")
        + "}";
  }

  /**
   * Builds a {@link FieldSpec}. Required: {@code name}, {@code column}, {@code kind}, {@code
   * maxLength}, {@code maxSize}. Defaults: normalize all on, tokenizer {@code whole}, truncation
   * {@code keep_first}, min_count 1, required false. Not thread-safe.
   */
  public static final class Builder {
    private String name;
    private String column;
    private FieldKind kind;
    private NormalizeOptions normalize = NormalizeOptions.DEFAULT;
    private TokenizerType tokenizerType = TokenizerType.WHOLE;
    private String tokenizerPattern;
    private Integer maxLength;
    private Truncation truncation = Truncation.KEEP_FIRST;
    private int minCount = 1;
    private Integer maxSize;
    private boolean required;

    private Builder() {}

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder column(String column) {
      this.column = column;
      return this;
    }

    public Builder kind(FieldKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder normalize(NormalizeOptions normalize) {
      this.normalize = normalize;
      return this;
    }

    /** Sets the tokenizer; {@code pattern} must be null for {@link TokenizerType#WHOLE}. */
    public Builder tokenizer(TokenizerType type, String pattern) {
      this.tokenizerType = type;
      this.tokenizerPattern = pattern;
      return this;
    }

    public Builder maxLength(int maxLength) {
      this.maxLength = maxLength;
      return this;
    }

    public Builder truncation(Truncation truncation) {
      this.truncation = truncation;
      return this;
    }

    public Builder minCount(int minCount) {
      this.minCount = minCount;
      return this;
    }

    public Builder maxSize(int maxSize) {
      this.maxSize = maxSize;
      return this;
    }

    public Builder required(boolean required) {
      this.required = required;
      return this;
    }

    /**
     * @throws FeatureSpecException naming the field and the invalid key
     */
    public FieldSpec build() {
      return build(name == null ? "field" : "field '" + name + "'");
    }

    /** Builds with {@code where} (e.g. {@code fields[2] 'apps'}) as the error-message prefix. */
    FieldSpec build(String where) {
      return new FieldSpec(this, where);
    }
  }
}
