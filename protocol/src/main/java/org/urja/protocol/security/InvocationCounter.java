package org.urja.protocol.security;

/**
 * Hands out the head-end's invocation counter for ciphered APDUs to one meter. Suite-0 AES-GCM
 * reuses a nonce (system title + invocation counter) if a value is ever handed out twice for the
 * same key, which breaks both confidentiality and authentication: implementations must be strictly
 * increasing per meter across restarts and across head-end nodes (persist, or reserve blocks in a
 * shared database), and must fail rather than repeat.
 */
@FunctionalInterface
public interface InvocationCounter {
  long next(String meterSerial);
}
