/**
 * Meters' DLMS secrets and counters, kept safe: the key store ({@link
 * org.urja.ingest.keys.MeterKeyStore}, sealed under a {@link org.urja.ingest.keys.MasterKey}),
 * manufacturers' key files ({@link org.urja.ingest.keys.MeterKeyFile}), key rotation ({@link
 * org.urja.ingest.keys.KeyRotation}), the head-end's invocation counter per meter ({@link
 * org.urja.ingest.keys.ReservedInvocationCounter}) and replay protection of meters' frame counters
 * ({@link org.urja.ingest.keys.StoredFrameCounterGuard}). Nothing here logs or throws a secret.
 */
package org.urja.ingest.keys;
