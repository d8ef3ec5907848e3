package io.deepscore.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An enum whose constants are spelled in JSON and config by a lower-case id. */
interface SpecEnum {
  /** The spelling in JSON and config files. */
  String id();

  /** All ids of {@code type}, in declaration order, for error messages. */
  static <E extends Enum<E> & SpecEnum> List<String> ids(Class<E> type) {
    List<String> ids = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      ids.add(e.id());
    }
    return ids;
  }

  /**
   * The constant spelled {@code value} (exactly, or ignoring case and surrounding spaces), or null.
   */
  static <E extends Enum<E> & SpecEnum> E find(Class<E> type, String value, boolean ignoreCase) {
    if (value == null) {
      return null;
    }
    String v = ignoreCase ? value.trim().toLowerCase(Locale.ROOT) : value;
    for (E e : type.getEnumConstants()) {
      if (e.id().equals(v)) {
        return e;
      }
    }
    return null;
  }

  /** {@code <what> '<value>' is not one of [a, b, c]}. */
  static <E extends Enum<E> & SpecEnum> String notOneOf(Class<E> type, String what, Object value) {
    return what + " '" + value + "' is not one of " + ids(type);
  }
}
