package io.deepscore.model.train;

import io.deepscore.errors.InvalidInputException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed configuration records ({@link TrainingConfig}, {@code NetworkConfig}, {@code
 * XgboostParams}, ...) to and from plain maps with snake_case keys, generically: every record
 * component is a key, so a knob added to a config is recorded in provenance and read back for a
 * re-training without any code here or in the config.
 *
 * <p>Values: numbers, booleans, strings, lists of those, and enums (written as their {@code id()}
 * when they have one, else their lower-case name). Reading goes through the record's canonical
 * constructor, so the config's own validation runs; a key the record does not have is refused, a
 * key the map lacks (a knob added after the map was written) takes the value of {@code defaults}.
 */
public final class ConfigMaps {

  private ConfigMaps() {}

  /** Every component of {@code config}, in declaration order, under its snake_case name. */
  public static Map<String, Object> toMap(Record config) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent c : config.getClass().getRecordComponents()) {
      out.put(snakeCase(c.getName()), plain(value(c, config)));
    }
    return out;
  }

  /**
   * A config of type {@code type} from a map written by {@link #toMap}.
   *
   * @param defaults supplies the components the map does not hold
   * @throws InvalidInputException naming the key and what was expected, or the config's own
   *     validation error
   */
  public static <R extends Record> R fromMap(Class<R> type, Map<String, ?> map, R defaults) {
    RecordComponent[] components = type.getRecordComponents();
    List<String> keys = new ArrayList<>();
    for (RecordComponent c : components) {
      keys.add(snakeCase(c.getName()));
    }
    for (String k : map.keySet()) {
      if (!keys.contains(k)) {
        throw new InvalidInputException(
            "unknown " + type.getSimpleName() + " key '" + k + "': expected one of " + keys);
      }
    }
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      String key = keys.get(i);
      args[i] =
          map.containsKey(key)
              ? convert(type, key, map.get(key), c.getGenericType())
              : value(c, defaults);
    }
    try {
      Constructor<R> ctor = type.getDeclaredConstructor(types);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  /** {@code maxEpochs} to {@code max_epochs}. */
  static String snakeCase(String camel) {
    StringBuilder sb = new StringBuilder();
    for (char ch : camel.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        sb.append('_').append(Character.toLowerCase(ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  private static Object value(RecordComponent c, Record r) {
    try {
      Method m = c.getAccessor();
      m.setAccessible(true);
      return m.invoke(r);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c.getName() + " of " + r, e);
    }
  }

  private static Object plain(Object v) {
    if (v instanceof Enum<?> e) {
      return enumId(e);
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(x -> out.add(plain(x)));
      return out;
    }
    return v;
  }

  private static String enumId(Enum<?> e) {
    try {
      Method id = e.getDeclaringClass().getMethod("id");
      if (id.getReturnType() == String.class) {
        return (String) id.invoke(e);
      }
    } catch (ReflectiveOperationException ignored) {
      // no id(): the lower-case constant name
    }
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static String enumIds(Class<?> type) {
    List<String> ids = new ArrayList<>();
    for (Object constant : type.getEnumConstants()) {
      ids.add(enumId((Enum<?>) constant));
    }
    return String.join(", ", ids);
  }

  private static Object convert(Class<?> owner, String key, Object v, Type type) {
    Class<?> raw =
        type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    if (List.class.isAssignableFrom(raw) && v instanceof List<?> list) {
      Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
      List<Object> out = new ArrayList<>();
      for (Object x : list) {
        out.add(convert(owner, key, x, element));
      }
      return out;
    }
    if (raw.isEnum() && v instanceof String s) {
      for (Object constant : raw.getEnumConstants()) {
        Enum<?> e = (Enum<?>) constant;
        if (enumId(e).equalsIgnoreCase(s) || e.name().equalsIgnoreCase(s)) {
          return e;
        }
      }
    }
    if (v instanceof Number n) {
      boolean integral = n.doubleValue() == Math.rint(n.doubleValue());
      if ((raw == int.class || raw == Integer.class) && integral) {
        return n.intValue();
      }
      if ((raw == long.class || raw == Long.class) && integral) {
        return n.longValue();
      }
      if (raw == float.class || raw == Float.class) {
        return n.floatValue();
      }
      if (raw == double.class || raw == Double.class) {
        return n.doubleValue();
      }
    }
    if ((raw == boolean.class || raw == Boolean.class) && v instanceof Boolean) {
      return v;
    }
    if (raw == String.class && v instanceof String) {
      return v;
    }
    throw new InvalidInputException(
        owner.getSimpleName()
            + " key '"
            + key
            + "' must be "
            + raw.getSimpleName()
            + (raw.isEnum() ? " (one of " + enumIds(raw) + ")" : "")
            + ", got "
            + v);
  }
}
