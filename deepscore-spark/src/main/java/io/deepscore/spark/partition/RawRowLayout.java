package io.deepscore.spark.partition;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldKind;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.InvalidValueException;
import io.deepscore.spark.io.RawInput;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Where a spec's columns sit in a raw row, resolved once on the driver, and how the values are
 * read: from Spark's {@link InternalRow}s by the {@link PartitionPipeline} (strings stay UTF-8
 * bytes), and from {@link Row}s as the per-field raw values the {@code Encoder} takes (a string, or
 * a {@code java.util.List} of strings) for the vocabulary count and the driver's samples. A layout
 * of {@linkplain #encoded featurized rows} points at ids already encoded instead. Immutable and
 * serializable: shipped to executors with the task.
 */
public final class RawRowLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int idIndex;
  private final int labelIndex;
  private final int sourceFileIndex;
  private final int corruptIndex;
  private final int[] fieldIndex;
  private final boolean[] multi;
  private final String labelColumn;
  private final String idColumn;
  private final String[] fieldNames;
  private final boolean encoded;

  private RawRowLayout(
      int idIndex,
      int labelIndex,
      int sourceFileIndex,
      int corruptIndex,
      int[] fieldIndex,
      boolean[] multi,
      String labelColumn,
      String idColumn,
      String[] fieldNames,
      boolean encoded) {
    this.idIndex = idIndex;
    this.labelIndex = labelIndex;
    this.sourceFileIndex = sourceFileIndex;
    this.corruptIndex = corruptIndex;
    this.fieldIndex = fieldIndex;
    this.multi = multi;
    this.labelColumn = labelColumn;
    this.idColumn = idColumn;
    this.fieldNames = fieldNames;
    this.encoded = encoded;
  }

  /** Resolves the columns of a schema already checked by {@link RawInput#conform}. */
  public static RawRowLayout of(StructType schema, FeatureSpec spec) {
    return of(schema, spec, false);
  }

  /**
   * Resolves the columns of featurized rows (the output of {@code deepscore featurize}): each spec
   * field's ids, already encoded, in an {@code array<int>} column named by the field (a schema the
   * caller checked). The pipeline appends them to its batches as they are.
   */
  public static RawRowLayout encoded(StructType schema, FeatureSpec spec) {
    return of(schema, spec, true);
  }

  private static RawRowLayout of(StructType schema, FeatureSpec spec, boolean encoded) {
    int[] fieldIndex = new int[spec.fieldCount()];
    boolean[] multi = new boolean[spec.fieldCount()];
    String[] names = new String[spec.fieldCount()];
    for (int f = 0; f < spec.fieldCount(); f++) {
      FieldSpec field = spec.field(f);
      names[f] = field.name();
      fieldIndex[f] = schema.fieldIndex(encoded ? field.name() : field.column());
      multi[f] = field.kind() == FieldKind.MULTI;
    }
    String label = spec.labelColumn().orElse(null);
    return new RawRowLayout(
        schema.fieldIndex(spec.idColumn()),
        indexOrMinusOne(schema, label),
        indexOrMinusOne(schema, RawInput.SOURCE_FILE),
        indexOrMinusOne(schema, RawInput.CORRUPT_RECORD),
        fieldIndex,
        multi,
        label,
        spec.idColumn(),
        names,
        encoded);
  }

  private static int indexOrMinusOne(StructType schema, String name) {
    return name == null ? -1 : Arrays.asList(schema.fieldNames()).indexOf(name);
  }

  /** Number of spec fields. */
  public int fieldCount() {
    return fieldIndex.length;
  }

  /** Whether the field columns hold encoded ids (featurized rows), not raw values. */
  public boolean isEncoded() {
    return encoded;
  }

  /** Whether the rows carry a label column. */
  public boolean hasLabel() {
    return labelIndex >= 0;
  }

  /** The name of the id column. */
  public String idColumn() {
    return idColumn;
  }

  /** The row's id as Spark holds it (a view into the row), or null in malformed input. */
  public UTF8String id(InternalRow row) {
    return row.isNullAt(idIndex) ? null : row.getUTF8String(idIndex);
  }

  /** The row's id from a {@link Row} (the run profile's feature pass), or null. */
  public String id(Row row) {
    return row.isNullAt(idIndex) ? null : row.getString(idIndex);
  }

  /** The file the row came from, or an empty string (for rejects and errors only). */
  public String sourceFile(InternalRow row) {
    return sourceFileIndex < 0 || row.isNullAt(sourceFileIndex)
        ? ""
        : row.getUTF8String(sourceFileIndex).toString();
  }

  /** The raw text of a record that did not parse into the expected schema, else null. */
  public String corruptRecord(InternalRow row) {
    return corruptIndex < 0 || row.isNullAt(corruptIndex)
        ? null
        : row.getUTF8String(corruptIndex).toString();
  }

  /** The raw text of a record that did not parse into the expected schema, else null. */
  public String corruptRecord(Row row) {
    return corruptIndex < 0 || row.isNullAt(corruptIndex) ? null : row.getString(corruptIndex);
  }

  /**
   * The row's label.
   *
   * @throws InvalidValueException when the label is null or not 0/1
   */
  public int label(InternalRow row) {
    if (row.isNullAt(labelIndex)) {
      throw new InvalidValueException("label", labelColumn, "label is null (expected 0 or 1)");
    }
    int value = row.getInt(labelIndex);
    if (value != 0 && value != 1) {
      throw new InvalidValueException("label", labelColumn, "label must be 0 or 1, found " + value);
    }
    return value;
  }

  /**
   * Writes, per field (spec order), whether the row's value is null; all {@code false} for a record
   * that did not parse (its nulls say nothing about the data).
   */
  public void nullFlags(InternalRow row, boolean[] out) {
    boolean parsed = corruptIndex < 0 || row.isNullAt(corruptIndex);
    for (int f = 0; f < fieldIndex.length; f++) {
      out[f] = parsed && row.isNullAt(fieldIndex[f]);
    }
  }

  /** Points {@code cells} (one per field) at the row's values; null where a value is null. */
  void values(InternalRow row, Utf8Cell[] cells, Object[] out) {
    for (int f = 0; f < fieldIndex.length; f++) {
      int i = fieldIndex[f];
      out[f] =
          row.isNullAt(i)
              ? null
              : multi[f] ? cells[f].array(row.getArray(i)) : cells[f].string(row.getUTF8String(i));
    }
  }

  /** Fills {@code out} (length {@link #fieldCount()}) with the row's raw value of every field. */
  public Object[] values(Row row, Object[] out) {
    for (int f = 0; f < fieldIndex.length; f++) {
      int i = fieldIndex[f];
      out[f] = row.isNullAt(i) ? null : multi[f] ? row.getList(i) : row.get(i);
    }
    return out;
  }

  /**
   * Copies a featurized row's ids into {@code out}: per field, an array of the field's max length.
   *
   * @throws InvalidValueException when a field's ids are null (the row cannot be scored)
   * @throws InvalidInputException when a field holds another number of ids than its max length, or
   *     a null or negative id: the data was not featurized with this spec and vocabularies
   */
  void ids(InternalRow row, int[][] out) {
    for (int f = 0; f < fieldIndex.length; f++) {
      int i = fieldIndex[f];
      if (row.isNullAt(i)) {
        throw new InvalidValueException(
            fieldNames[f], fieldNames[f], "the featurized ids are null");
      }
      ArrayData a = row.getArray(i);
      int[] ids = out[f];
      boolean fits = a.numElements() == ids.length;
      for (int j = 0; fits && j < ids.length; j++) {
        fits = !a.isNullAt(j) && (ids[j] = a.getInt(j)) >= 0;
      }
      if (!fits) {
        throw new InvalidInputException(
            "featurized row with id '"
                + id(row)
                + "': field '"
                + fieldNames[f]
                + "' holds "
                + a.numElements()
                + " ids, a null or a negative one; the bundle expects "
                + ids.length
                + " non-negative ids (its max_length): featurize the data with the bundle's spec"
                + " and vocabularies, or evaluate the raw data");
      }
    }
  }
}
