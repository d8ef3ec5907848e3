package io.deepscore.features;

/** A {@link TokenSink} that also takes ids looked up by the caller (the byte fast path). */
interface IdSink extends TokenSink {
  void acceptId(int id);
}
