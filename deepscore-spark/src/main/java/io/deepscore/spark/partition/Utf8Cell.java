package io.deepscore.spark.partition;

import io.deepscore.features.Utf8Buffer;
import io.deepscore.features.Utf8Value;
import java.util.StringJoiner;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One field's value of the current internal row as a {@link Utf8Value}: a {@link UTF8String} or an
 * {@link ArrayData} of them, copied byte for byte into the encoder's buffer (no {@link String}).
 * One per field and partition, re-pointed at every row; valid until the reader moves on.
 */
final class Utf8Cell implements Utf8Value {
  private UTF8String string;
  private ArrayData array;

  Utf8Cell string(UTF8String s) {
    string = s;
    array = null;
    return this;
  }

  Utf8Cell array(ArrayData a) {
    string = null;
    array = a;
    return this;
  }

  @Override
  public boolean isArray() {
    return array != null;
  }

  @Override
  public int size() {
    return array == null ? 1 : array.numElements();
  }

  @Override
  public int read(int i, Utf8Buffer buffer) {
    UTF8String s = array == null ? string : array.isNullAt(i) ? null : array.getUTF8String(i);
    if (s == null) {
      return -1;
    }
    int n = s.numBytes();
    s.writeTo(buffer.writable(n));
    return n;
  }

  /** The value as the rejects' excerpt shows it: the string, or {@code [a, b, null]}. */
  @Override
  public String toString() {
    if (array == null) {
      return String.valueOf(string);
    }
    StringJoiner j = new StringJoiner(", ", "[", "]");
    for (int i = 0; i < array.numElements(); i++) {
      j.add(array.isNullAt(i) ? "null" : array.getUTF8String(i).toString());
    }
    return j.toString();
  }
}
