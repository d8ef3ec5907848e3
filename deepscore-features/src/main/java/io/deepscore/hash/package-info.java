/**
 * Content hashing shared by every layer: {@link io.deepscore.hash.Sha256}. Lives in the lowest
 * module (deepscore-features) so that specs, vocabularies, bundles and training data are all hashed
 * the same way.
 */
package io.deepscore.hash;
